// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.SftpStatus;

/**
 * What an SFTP session does to files, one instance per session and user: paramiko's
 * {@code SFTPServerInterface} in Java idiom. Each method is one request of SFTP version 3
 * (draft-ietf-secsh-filexfer-02 section 6) or one OpenSSH extension (OpenSSH PROTOCOL section 4).
 *
 * <p>Paths are as the client sent them: absolute, or relative to the session's home (what
 * {@code realpath(".")} returns). Errors are exceptions: throw {@link SftpException} to choose the
 * status and the message the client shows; any other {@link IOException} is mapped as OpenSSH maps
 * {@code errno} ({@link java.nio.file.NoSuchFileException} to {@link SftpStatus#NO_SUCH_FILE},
 * {@link java.nio.file.AccessDeniedException} to {@link SftpStatus#PERMISSION_DENIED}, the rest to
 * {@link SftpStatus#FAILURE} with the exception's reason). The optional operations fail with
 * {@link SftpStatus#OP_UNSUPPORTED} unless implemented and listed in {@link #extensions()}.
 *
 * <p>Calls come from one thread per session, in the order of the client's requests.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SftpFileSystem extends Closeable {

    /** {@code SSH_FXP_OPEN}: opens or creates a file; {@code attributes} apply to a new file. */
    SftpFileHandle open(String path, Set<OpenFlag> flags, SftpAttributes attributes) throws IOException;

    /** {@code SSH_FXP_OPENDIR}. */
    SftpDirectoryHandle opendir(String path) throws IOException;

    /** {@code SSH_FXP_STAT}: follows symbolic links. */
    SftpAttributes stat(String path) throws IOException;

    /** {@code SSH_FXP_LSTAT}: does not follow a final symbolic link. */
    SftpAttributes lstat(String path) throws IOException;

    /** {@code SSH_FXP_SETSTAT}: sets the fields present (size truncates or extends). */
    void setstat(String path, SftpAttributes attributes) throws IOException;

    /** {@code SSH_FXP_REMOVE}: a file or symbolic link, not a directory. */
    void remove(String path) throws IOException;

    /** {@code SSH_FXP_RENAME}: fails if {@code newPath} exists, as the draft says. */
    void rename(String oldPath, String newPath) throws IOException;

    /** {@code SSH_FXP_MKDIR}. */
    void mkdir(String path, SftpAttributes attributes) throws IOException;

    /** {@code SSH_FXP_RMDIR}: an empty directory. */
    void rmdir(String path) throws IOException;

    /** {@code SSH_FXP_REALPATH}: the canonical absolute form of a path, which need not exist. */
    String realpath(String path) throws IOException;

    /** {@code SSH_FXP_READLINK}: the target of a symbolic link, as the client should see it. */
    String readlink(String path) throws IOException;

    /**
     * {@code SSH_FXP_SYMLINK}: creates {@code linkPath} pointing at {@code targetPath} (the
     * arguments in OpenSSH's order, PROTOCOL section 4.1, given here by meaning).
     */
    void symlink(String targetPath, String linkPath) throws IOException;

    /** The OpenSSH extensions implemented here, advertised in {@code SSH_FXP_VERSION}. */
    default Set<SftpExtension> extensions() {
        return Set.of();
    }

    /** {@code posix-rename@openssh.com}: replaces {@code newPath} if it exists. */
    default void posixRename(String oldPath, String newPath) throws IOException {
        throw unsupported(SftpExtension.POSIX_RENAME);
    }

    /** {@code statvfs@openssh.com}. */
    default SftpStatVfs statvfs(String path) throws IOException {
        throw unsupported(SftpExtension.STATVFS);
    }

    /** {@code hardlink@openssh.com}: links {@code newPath} to the file at {@code oldPath}. */
    default void hardlink(String oldPath, String newPath) throws IOException {
        throw unsupported(SftpExtension.HARDLINK);
    }

    /** {@code lsetstat@openssh.com}: as {@link #setstat} without following a final symbolic link. */
    default void lsetstat(String path, SftpAttributes attributes) throws IOException {
        throw unsupported(SftpExtension.LSETSTAT);
    }

    /** {@code expand-path@openssh.com}: {@link #realpath} after expanding {@code ~} and {@code ~user}. */
    default String expandPath(String path) throws IOException {
        throw unsupported(SftpExtension.EXPAND_PATH);
    }

    /** {@code home-directory}: the home of {@code user}, the session's own when empty. */
    default String homeDirectory(String user) throws IOException {
        throw unsupported(SftpExtension.HOME_DIRECTORY);
    }

    /**
     * {@code users-groups-by-id@openssh.com}: the name of a user id, or an empty string when
     * unknown.
     */
    default String userName(int uid) throws IOException {
        return "";
    }

    /** As {@link #userName} for a group id. */
    default String groupName(int gid) throws IOException {
        return "";
    }

    /** Ends the session: releases whatever the file system holds. Open handles are closed first. */
    @Override
    default void close() throws IOException {}

    /** The exception of an optional operation that is not implemented. */
    static SftpException unsupported(SftpExtension extension) {
        return new SftpException(SftpStatus.OP_UNSUPPORTED, extension.wireName() + " is not supported");
    }
}
