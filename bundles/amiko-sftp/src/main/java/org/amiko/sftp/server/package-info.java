// SPDX-License-Identifier: Apache-2.0
/**
 * The SFTP server: the file-system interface a server implements ({@link
 * org.amiko.sftp.server.SftpFileSystem}, shaped after paramiko's {@code SFTPServerInterface}), the
 * default file system rooted at a directory ({@link org.amiko.sftp.server.RootedFileSystem}), the
 * {@code sftp} subsystem ({@link org.amiko.sftp.server.SftpSubsystem}) and the legacy SCP server
 * ({@link org.amiko.sftp.server.ScpCommand}) over it.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.amiko.sftp.server;
