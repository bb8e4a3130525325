// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.CommandHandler;
import org.amiko.sftp.server.ScpCommand;
import org.amiko.spi.wire.PeerText;
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
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");

    private volatile CommandHandler command;

    @Activate
    public ScpComponent(SftpSettings settings) throws IOException {
        command = ScpCommand.of(ServedRoot.fileSystems(settings, "scp"));
    }

    /**
     * A change that cannot be used leaves no SCP served until it is mended, as for SFTP
     * ({@link SftpComponent#modified}): SCR keeps a component whose modified method fails.
     */
    @Modified
    void modified(SftpSettings settings) throws IOException {
        try {
            command = ScpCommand.of(ServedRoot.fileSystems(settings, "scp"));
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage();
            LOG.log(Level.ERROR, "scp commands are refused until the settings are mended: {0}", reason);
            command = (commandLine, transport, channel) -> {
                LOG.log(Level.WARNING, "scp refused for {0}: the settings cannot be used: {1}",
                        PeerText.printable(transport.getUsername(), 64), reason);
                channel.getExtendedOutputStream().write(REFUSED);
                return 1;
            };
            throw e;
        }
    }

    /** What an scp client prints of the refusal: its standard error. */
    private static final byte[] REFUSED = "scp: the server's SCP settings cannot be used\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Override
    public int execute(String commandLine, Transport transport, Channel channel) throws IOException {
        return command.execute(commandLine, transport, channel);
    }
}
