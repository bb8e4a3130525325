// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.amiko.sftp.server.SftpServerOptions;
import org.amiko.sftp.server.SftpServerOptions.LogLevel;
import org.amiko.spi.wire.PeerText;

/**
 * The lines one SFTP session writes at sftp-server's {@code -l} level, in sftp-server's words
 * ({@code open "/f" flags READ mode 0666}), each after {@code sftp N: }, a number of the session's
 * own: sshd's lines carry the pid of the process serving the session, and here every session shares
 * one process. They go to the auth log ({@code org.amiko.auth.sftp}) when {@code -f} names an auth
 * facility, as sshd's {@code internal-sftp} lines go to syslog's, else to the main log
 * ({@code org.amiko.sftp}). Whatever the level, they are written at INFO: the level says which
 * operations are logged, not how loudly.
 */
public final class SessionLog {
    private static final AtomicLong SESSIONS = new AtomicLong();
    /** sftp-server cuts nothing, but a path of {@code MAX_PATH} bytes is no use in a log line. */
    private static final int MAX_NAME = 1024;

    private static final SessionLog NONE = new SessionLog(null, LogLevel.QUIET, "");

    private final System.Logger logger;
    private final LogLevel level;
    private final String tag;

    private SessionLog(System.Logger logger, LogLevel level, String tag) {
        this.logger = logger;
        this.level = level;
        this.tag = tag;
    }

    /** The log of a session served with {@code options}. */
    public static SessionLog of(SftpServerOptions options) {
        String name = options.logsToAuthLog() ? "org.amiko.auth.sftp" : "org.amiko.sftp";
        return new SessionLog(System.getLogger(name), options.logLevel(), "sftp " + SESSIONS.incrementAndGet() + ": ");
    }

    /** A log that writes nothing. */
    public static SessionLog none() {
        return NONE;
    }

    /** Whether lines of {@code at} are written. */
    boolean logs(LogLevel at) {
        return level.logs(at);
    }

    /** sftp-server's {@code logit}. */
    public void info(String line) {
        write(LogLevel.INFO, line);
    }

    /** sftp-server's {@code verbose}. */
    void verbose(String line) {
        write(LogLevel.VERBOSE, line);
    }

    /** sftp-server's {@code error}. */
    void error(String line) {
        write(LogLevel.ERROR, line);
    }

    private void write(LogLevel at, String line) {
        if (level.logs(at)) {
            logger.log(at == LogLevel.ERROR ? Level.WARNING : Level.INFO, tag + line);
        }
    }

    /** A name the client sent, quoted as sftp-server quotes it, with its control characters made visible. */
    static String quoted(String name) {
        return '"' + PeerText.printable(name, MAX_NAME) + '"';
    }
}
