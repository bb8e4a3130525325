// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.CommandHandler;
import org.amiko.sftp.server.ScpCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * The runtime's SCP server: a whiteboard {@link CommandHandler} for {@code exec scp ...}, over the
 * same directory and settings as {@link SftpComponent}.
 */
@Component(service = CommandHandler.class, property = CommandHandler.COMMAND + "=" + ScpCommand.NAME,
        configurationPid = "org.amiko.sshd", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ScpComponent implements CommandHandler {
    private volatile ScpCommand command;

    @Activate
    public ScpComponent(SftpSettings settings) throws IOException {
        command = ScpCommand.of(ServedRoot.fileSystems(settings, "scp"));
    }

    @Modified
    void modified(SftpSettings settings) throws IOException {
        command = ScpCommand.of(ServedRoot.fileSystems(settings, "scp"));
    }

    @Override
    public int execute(String commandLine, Transport transport, Channel channel) throws IOException {
        return command.execute(commandLine, transport, channel);
    }
}
