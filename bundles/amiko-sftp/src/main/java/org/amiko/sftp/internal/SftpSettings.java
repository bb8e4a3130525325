// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

/**
 * The SFTP and SCP properties of PID {@code org.amiko.sshd} ({@code etc/org.amiko.sshd.cfg}), the
 * server's own configuration; the other properties there belong to the listener.
 */
public @interface SftpSettings {
    /** The served directory; relative to {@code amiko.home}; created when missing; {@code %u} is the user name. */
    String sftpRoot() default "data/sftp";

    /** Refuse every change. */
    boolean sftpReadOnly() default false;

    /** Octal permission bits removed from what clients create. */
    String sftpUmask() default "022";

    /**
     * OpenSSH sftp-server's options for every SFTP session, as in sshd's
     * {@code Subsystem sftp internal-sftp OPTIONS} ({@code -l INFO} logs each file opened and
     * changed); a login's forced {@code internal-sftp} options go on top.
     */
    String sftpOptions() default "";
}
