// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.util.Objects;
import org.amiko.SshException;

/**
 * An SFTP request that ended in an error status (draft-ietf-secsh-filexfer-02 section 7), or a
 * broken SFTP session ({@link SftpStatus#CONNECTION_LOST}, {@link SftpStatus#BAD_MESSAGE}). On the
 * server side a file system throws it to choose the status and message the client sees.
 */
public class SftpException extends SshException {
    private static final long serialVersionUID = 1L;

    private final SftpStatus status;
    private final int code;

    /** An error with a status and the message to show to people. */
    public SftpException(SftpStatus status, String message) {
        this(status, status.code(), message, null);
    }

    public SftpException(SftpStatus status, String message, Throwable cause) {
        this(status, status.code(), message, cause);
    }

    /** A status as received, keeping codes outside version 3. */
    public SftpException(int code, String message) {
        this(SftpStatus.of(code), code, message, null);
    }

    private SftpException(SftpStatus status, int code, String message, Throwable cause) {
        super(message == null || message.isEmpty() ? Objects.requireNonNull(status).text() : message, cause);
        this.status = Objects.requireNonNull(status);
        this.code = code;
    }

    /** The status, {@link SftpStatus#UNKNOWN} for codes outside version 3. */
    public SftpStatus getStatus() {
        return status;
    }

    /** The status code as it was on the wire. */
    public int getCode() {
        return code;
    }
}
