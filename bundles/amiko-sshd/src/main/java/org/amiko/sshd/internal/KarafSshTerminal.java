// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.apache.karaf.shell.api.console.SignalListener;

/**
 * The terminal Karaf's console runs on over an Amiko session channel: a JLine terminal, which
 * Karaf's console reads lines from, that is also Karaf's own {@code Terminal}, as the one of
 * Karaf's SSH server is. The name ends in {@code SshTerminal} because that is how Karaf's console
 * tells an SSH session: it then shows the welcome of {@code etc/branding-ssh.properties}, as
 * {@code ssh -p 8101} shows it.
 *
 * <p>Karaf's signal listeners ({@code Signal} here is JLine's, inherited) are not called, as its own SSH terminal does not call them; Karaf's
 * console takes Ctrl-C and window changes from the JLine side.
 */
final class KarafSshTerminal extends ChannelTerminal implements org.apache.karaf.shell.api.console.Terminal {
    KarafSshTerminal(InputStream in, OutputStream out, PtyRequest pty, CommandControl control) throws IOException {
        super("Karaf over Amiko", in, out, pty, control);
    }

    @Override
    public int getWidth() {
        return getSize().getColumns();
    }

    @Override
    public int getHeight() {
        return getSize().getRows();
    }

    @Override
    public boolean isAnsiSupported() {
        return true;
    }

    @Override
    public boolean isEchoEnabled() {
        return echo();
    }

    @Override
    public void setEchoEnabled(boolean enabled) {
        echo(enabled);
    }

    @Override
    public void addSignalListener(SignalListener listener, org.apache.karaf.shell.api.console.Signal... signals) {
        // as Karaf's SSH terminal: its console handles the signals through JLine
    }

    @Override
    public void addSignalListener(SignalListener listener,
            EnumSet<org.apache.karaf.shell.api.console.Signal> signals) {
        // as above
    }

    @Override
    public void addSignalListener(SignalListener listener) {
        // as above
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
        // none was added
    }
}
