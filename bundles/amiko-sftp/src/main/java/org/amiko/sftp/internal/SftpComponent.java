// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
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
    private volatile SftpSubsystem subsystem;

    @Activate
    public SftpComponent(SftpSettings settings) throws IOException {
        subsystem = SftpSubsystem.of(ServedRoot.fileSystems(settings, "sftp"));
    }

    @Modified
    void modified(SftpSettings settings) throws IOException {
        subsystem = SftpSubsystem.of(ServedRoot.fileSystems(settings, "sftp"));
    }

    @Override
    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
        subsystem.startSubsystem(name, transport, channel);
    }
}
