// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

/**
 * The status codes of {@code SSH_FXP_STATUS} in SFTP version 3 (draft-ietf-secsh-filexfer-02
 * section 7). Codes of later drafts that a server may still send are kept as {@link #UNKNOWN} with
 * their number in the exception.
 */
public enum SftpStatus {
    /** {@code SSH_FX_OK}: the request succeeded. */
    OK(0, "Success"),
    /** {@code SSH_FX_EOF}: end of file, or no more directory entries. */
    EOF(1, "End of file"),
    /** {@code SSH_FX_NO_SUCH_FILE}: a reference to a file that does not exist. */
    NO_SUCH_FILE(2, "No such file"),
    /** {@code SSH_FX_PERMISSION_DENIED}: not allowed. */
    PERMISSION_DENIED(3, "Permission denied"),
    /** {@code SSH_FX_FAILURE}: an error no other code describes; the message says which. */
    FAILURE(4, "Failure"),
    /** {@code SSH_FX_BAD_MESSAGE}: a badly formatted packet or protocol incompatibility. */
    BAD_MESSAGE(5, "Bad message"),
    /** {@code SSH_FX_NO_CONNECTION}: a pseudo-error the client reports when it has no connection. */
    NO_CONNECTION(6, "No connection"),
    /** {@code SSH_FX_CONNECTION_LOST}: a pseudo-error the client reports when the connection broke. */
    CONNECTION_LOST(7, "Connection lost"),
    /** {@code SSH_FX_OP_UNSUPPORTED}: the server does not implement the operation. */
    OP_UNSUPPORTED(8, "Operation unsupported"),
    /** A code outside version 3 (a server of a later draft may send one). */
    UNKNOWN(-1, "Unknown error");

    private final int code;
    private final String text;

    SftpStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The number on the wire; -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The message OpenSSH's {@code fx2txt} gives for the code, used when a peer sends none. */
    public String text() {
        return text;
    }

    /** The status for a wire code; {@link #UNKNOWN} for codes outside version 3. */
    public static SftpStatus of(int code) {
        return code >= 0 && code <= OP_UNSUPPORTED.code ? values()[code] : UNKNOWN;
    }
}
