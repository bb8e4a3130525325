// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
import org.amiko.sftp.server.SftpServerOptions;
import org.amiko.sftp.server.SftpSubsystem;
import org.amiko.spi.wire.PeerText;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * The runtime's {@code sftp} subsystem: a whiteboard {@link SubsystemHandler} that the server
 * picks up, serving the directory {@code sftpRoot} of PID {@code org.amiko.sshd}. A change of the
 * configuration applies to sessions that start afterwards.
 */
@Component(service = SubsystemHandler.class, property = SubsystemHandler.SUBSYSTEM + "=" + SftpSubsystem.NAME,
        configurationPid = "org.amiko.sshd", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SftpComponent implements SubsystemHandler {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");
    private volatile SubsystemHandler subsystem;

    @Activate
    public SftpComponent(SftpSettings settings) throws IOException {
        subsystem = subsystem(settings);
    }

    /**
     * A change that cannot be used leaves no SFTP served until it is mended: SCR keeps a component
     * whose modified method fails, and the previous settings (without a {@code -R} just added, say)
     * must not go on serving in the meantime.
     */
    @Modified
    void modified(SftpSettings settings) throws IOException {
        try {
            subsystem = subsystem(settings);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage();
            LOG.log(Level.ERROR, "sftp sessions are refused until the settings are mended: {0}", reason);
            subsystem = refusing(reason);
            throw e;
        }
    }

    /** A subsystem that refuses every session, with or without options, saying why. */
    private static SubsystemHandler refusing(String reason) {
        return new SubsystemHandler() {
            @Override
            public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
                startSubsystem(name, List.of(), transport, channel);
            }

            @Override
            public void startSubsystem(String name, List<String> arguments, Transport transport, Channel channel)
                    throws IOException {
                LOG.log(Level.WARNING, "sftp refused for {0}: the settings cannot be used: {1}",
                        PeerText.printable(transport.getUsername(), 64), reason);
                throw new IOException("the SFTP settings cannot be used: " + reason);
            }
        };
    }

    /** @throws IllegalArgumentException for {@code sftpOptions} sftp-server would not take: no SFTP is served then */
    private static SftpSubsystem subsystem(SftpSettings settings) throws IOException {
        SftpServerOptions options;
        try {
            options = SftpServerOptions.parse(SftpServerOptions.words(settings.sftpOptions()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sftpOptions: " + e.getMessage(), e);
        }
        SftpSubsystem served = SftpSubsystem.of(ServedRoot.fileSystems(settings, "sftp"), options);
        if (!settings.sftpOptions().isBlank()) {
            LOG.log(Level.INFO, "sftp sessions run as internal-sftp {0}", settings.sftpOptions().strip());
        }
        return served;
    }

    @Override
    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
        subsystem.startSubsystem(name, transport, channel);
    }

    @Override
    public void startSubsystem(String name, List<String> arguments, Transport transport, Channel channel)
            throws IOException {
        subsystem.startSubsystem(name, arguments, transport, channel);
    }
}
