// SPDX-License-Identifier: Apache-2.0
/**
 * SFTP version 3 (draft-ietf-secsh-filexfer-02) with the OpenSSH extensions (OpenSSH PROTOCOL
 * section 4): the client {@link org.amiko.sftp.SftpClient}, the server subsystem
 * {@link org.amiko.sftp.server.SftpSubsystem} over the file-system interface
 * {@link org.amiko.sftp.server.SftpFileSystem}, and the legacy SCP server
 * {@link org.amiko.sftp.server.ScpCommand}. In OSGi the server parts are also Declarative Services
 * components ({@code amiko.subsystem=sftp}, {@code amiko.command=scp}) configured from PID
 * {@code org.amiko.sshd}.
 */
module org.amiko.sftp {
    requires transitive org.amiko;
    requires org.amiko.spi;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    exports org.amiko.sftp;
    exports org.amiko.sftp.server;
}
