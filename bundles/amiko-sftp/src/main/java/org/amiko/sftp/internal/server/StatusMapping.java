// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.ReadOnlyFileSystemException;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;

/**
 * Turns a file-system failure into the status and message a client shows, as OpenSSH's
 * {@code errno_to_portable} does. Messages name the path the client used, never the host path
 * the exception carries: a client must not learn where the served directory lives.
 */
public final class StatusMapping {
    private StatusMapping() {}

    /** The refusal of a change to a read-only file system, as OpenSSH's {@code sftp-server -R}. */
    public static SftpException readOnly(String clientPath) {
        return new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied: read-only file system ("
                + clientPath + ")");
    }

    /**
     * The client-facing error for a failure of an operation on {@code clientPath} (null when the
     * operation has no single path).
     */
    public static SftpException of(Throwable failure, String clientPath) {
        if (failure instanceof SftpException sftp) {
            return sftp;
        }
        String where = clientPath == null ? "" : ": " + clientPath;
        if (failure instanceof NoSuchFileException) {
            return new SftpException(SftpStatus.NO_SUCH_FILE, "No such file" + where, failure);
        }
        if (failure instanceof AccessDeniedException || failure instanceof SecurityException) {
            return new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied" + where, failure);
        }
        if (failure instanceof ReadOnlyFileSystemException) {
            return new SftpException(SftpStatus.PERMISSION_DENIED, "Read-only file system" + where, failure);
        }
        if (failure instanceof FileAlreadyExistsException) {
            return new SftpException(SftpStatus.FAILURE, "File exists" + where, failure);
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return new SftpException(SftpStatus.FAILURE, "Directory not empty" + where, failure);
        }
        if (failure instanceof NotDirectoryException) {
            return new SftpException(SftpStatus.NO_SUCH_FILE, "Not a directory" + where, failure);
        }
        if (failure instanceof NotLinkException) {
            return new SftpException(SftpStatus.FAILURE, "Not a symbolic link" + where, failure);
        }
        if (failure instanceof FileSystemLoopException) {
            return new SftpException(SftpStatus.NO_SUCH_FILE, "Too many levels of symbolic links" + where, failure);
        }
        if (failure instanceof NonReadableChannelException) {
            return new SftpException(SftpStatus.PERMISSION_DENIED, "File not opened for reading" + where, failure);
        }
        if (failure instanceof NonWritableChannelException) {
            return new SftpException(SftpStatus.PERMISSION_DENIED, "File not opened for writing" + where, failure);
        }
        if (failure instanceof UnsupportedOperationException) {
            return new SftpException(SftpStatus.OP_UNSUPPORTED, "Operation unsupported" + where, failure);
        }
        if (failure instanceof FileSystemException fs) {
            // the reason is the operating system's text (strerror), free of paths
            String reason = fs.getReason() == null ? "Failure" : fs.getReason();
            SftpStatus status = reason.startsWith("Too many levels") || reason.startsWith("Not a directory")
                    ? SftpStatus.NO_SUCH_FILE
                    : reason.startsWith("Operation not permitted") ? SftpStatus.PERMISSION_DENIED : SftpStatus.FAILURE;
            return new SftpException(status, reason + where, failure);
        }
        if (failure instanceof IllegalArgumentException) {
            return new SftpException(SftpStatus.FAILURE, "Invalid argument" + where + ": " + failure.getMessage(),
                    failure);
        }
        if (failure instanceof IOException) {
            String message = failure.getMessage() == null ? "Failure" : failure.getMessage();
            return new SftpException(SftpStatus.FAILURE, message + (clientPath == null ? "" : " (" + clientPath + ")"),
                    failure);
        }
        return new SftpException(SftpStatus.FAILURE, "Internal error" + where, failure);
    }
}
