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
    private volatile SftpSubsystem subsystem;

    @Activate
    public SftpComponent(SftpSettings settings) throws IOException {
        subsystem = subsystem(settings);
    }

    @Modified
    void modified(SftpSettings settings) throws IOException {
        subsystem = subsystem(settings);
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
