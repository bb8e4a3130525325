// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.amiko.sftp.internal.server.RequestPolicy;

/**
 * What OpenSSH's {@code sftp-server} options say about one SFTP session, as sshd passes them from
 * {@code Subsystem sftp internal-sftp -l INFO} or {@code ForceCommand internal-sftp -R}
 * (sftp-server(8)):
 * <ul>
 *   <li>{@code -R}: read-only; every request that changes something is refused with
 *       {@code SSH_FX_PERMISSION_DENIED}, and so is an open for writing;
 *   <li>{@code -u umask}: the octal umask for what the session creates, in place of the server's;
 *   <li>{@code -d dir}: the directory relative paths, and {@code ~} in {@code expand-path}, start
 *       from ({@code %d} the user's home, {@code %u} the user name, {@code %%} a percent sign, a
 *       leading {@code ~} the home); one that is not there is logged, and paths start at the home;
 *   <li>{@code -p list}, {@code -P list}: the requests allowed, and refused, by the names
 *       {@code sftp-server -Q requests} prints ({@code open,read,readdir}); refused ones are answered
 *       {@code SSH_FX_PERMISSION_DENIED};
 *   <li>{@code -l level}: which operations are logged, in sftp-server's words ({@code INFO}: opens,
 *       closes with bytes read and written, changes, failures; {@code VERBOSE}: lookups too);
 *   <li>{@code -f facility}: {@code AUTH} or {@code AUTHPRIV} log to the auth log, as sshd's
 *       {@code internal-sftp} logs to syslog's auth facility by default; any other facility to the
 *       server's main log;
 *   <li>{@code -e}: taken and ignored (an SFTP server inside this process has no standard error of
 *       its own; the lines go where {@code -f} says).
 * </ul>
 * Unlike sftp-server, an option this server does not know, a level or facility it cannot read, a
 * request name that is none of sftp-server's, and words after the options are errors: a session
 * with a misspelt {@code -R} must not be served read-write.
 *
 * @param readOnly {@code -R}
 * @param umask {@code -u}, or empty for the file system's own
 * @param startDirectory {@code -d} as written, before its {@code %} expansion
 * @param allowedRequests {@code -p}, or empty when every request is allowed
 * @param deniedRequests {@code -P}
 * @param logLevel {@code -l}
 * @param logFacility {@code -f}, upper case
 */
public record SftpServerOptions(boolean readOnly, OptionalInt umask, Optional<String> startDirectory,
        Optional<Set<String>> allowedRequests, Set<String> deniedRequests, LogLevel logLevel, String logFacility) {

    /** sftp-server's defaults: read-write, the server's umask, nothing logged but errors, to the auth log. */
    public static final SftpServerOptions DEFAULTS = new SftpServerOptions(false, OptionalInt.empty(), Optional.empty(),
            Optional.empty(), Set.of(), LogLevel.ERROR, "AUTH");

    private static final Set<String> FACILITIES = Set.of("DAEMON", "USER", "AUTH", "AUTHPRIV", "LOCAL0", "LOCAL1",
            "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7");

    /** sftp-server's log levels ({@code -l}), least first. */
    public enum LogLevel {
        QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG1, DEBUG2, DEBUG3;

        /** Whether a line of {@code level} is written at this level. */
        public boolean logs(LogLevel level) {
            return compareTo(level) >= 0;
        }
    }

    public SftpServerOptions {
        Objects.requireNonNull(umask);
        Objects.requireNonNull(startDirectory);
        allowedRequests = allowedRequests.map(Set::copyOf);
        deniedRequests = Set.copyOf(deniedRequests);
        Objects.requireNonNull(logLevel);
        Objects.requireNonNull(logFacility);
    }

    /** Whether the session's lines go to the auth log ({@code -f AUTH} or {@code AUTHPRIV}). */
    public boolean logsToAuthLog() {
        return logFacility.startsWith("AUTH");
    }

    /** Whether a request, by its sftp-server name, is allowed by {@code -p} and {@code -P}. */
    public boolean allows(String request) {
        return !deniedRequests.contains(request) && allowedRequests.map(allowed -> allowed.contains(request)).orElse(true);
    }

    /**
     * These options with sftp-server's {@code arguments} on top, as a login's forced
     * {@code internal-sftp -R} goes on top of the server's SFTP settings: a later {@code -u},
     * {@code -d}, {@code -l} or {@code -f} replaces the earlier, {@code -R} cannot be undone,
     * refused requests add up, and two allowed lists leave only what both allow.
     *
     * @param arguments the options, without the program name
     * @throws IllegalArgumentException naming the first option that cannot be used
     */
    public SftpServerOptions with(List<String> arguments) {
        boolean readOnly = this.readOnly;
        OptionalInt umask = this.umask;
        Optional<String> startDirectory = this.startDirectory;
        Optional<Set<String>> allowed = Optional.empty();
        Set<String> denied = null;
        LogLevel level = logLevel;
        String facility = logFacility;
        for (int i = 0; i < arguments.size(); i++) {
            String word = arguments.get(i);
            if (!word.startsWith("-") || word.length() < 2) {
                throw new IllegalArgumentException("internal-sftp: unexpected argument \"" + word + "\"");
            }
            if (word.equals("--")) {
                if (i + 1 < arguments.size()) {
                    throw new IllegalArgumentException("internal-sftp: unexpected argument \"" + arguments.get(i + 1) + "\"");
                }
                break;
            }
            // getopt's "d:f:l:P:p:u:eR": flags may share a word, a value is the rest of it or the next word
            for (int at = 1; at < word.length(); at++) {
                char option = word.charAt(at);
                if (option == 'R') {
                    readOnly = true;
                    continue;
                }
                if (option == 'e') {
                    continue;
                }
                if ("dflPpu".indexOf(option) < 0) {
                    throw new IllegalArgumentException("internal-sftp: unknown option -" + option
                            + " (this server takes -R, -u, -d, -p, -P, -l, -f and -e)");
                }
                String value;
                if (at + 1 < word.length()) {
                    value = word.substring(at + 1);
                } else if (i + 1 < arguments.size()) {
                    value = arguments.get(++i);
                } else {
                    throw new IllegalArgumentException("internal-sftp: -" + option + " needs a value");
                }
                switch (option) {
                    case 'd' -> startDirectory = Optional.of(value);
                    case 'f' -> facility = facility(value);
                    case 'l' -> level = level(value);
                    case 'u' -> umask = OptionalInt.of(umask(value));
                    case 'p' -> {
                        if (allowed.isPresent()) {
                            throw new IllegalArgumentException("internal-sftp: -p given twice");
                        }
                        allowed = Optional.of(requests("-p", value));
                    }
                    default -> {
                        if (denied != null) {
                            throw new IllegalArgumentException("internal-sftp: -P given twice");
                        }
                        denied = requests("-P", value);
                    }
                }
                break;
            }
        }
        Set<String> allDenied = new HashSet<>(deniedRequests);
        if (denied != null) {
            allDenied.addAll(denied);
        }
        Optional<Set<String>> allAllowed = allowed;
        if (allowedRequests.isPresent()) {
            allAllowed = Optional.of(allowed.map(given -> {
                Set<String> both = new HashSet<>(given);
                both.retainAll(allowedRequests.get());
                return both;
            }).orElse(allowedRequests.get()));
        }
        return new SftpServerOptions(readOnly, umask, startDirectory, allAllowed, allDenied, level, facility);
    }

    /** sftp-server's options read on their own, on top of {@link #DEFAULTS}. */
    public static SftpServerOptions parse(List<String> arguments) {
        return DEFAULTS.with(arguments);
    }

    /** The words of a command line as sshd splits an {@code internal-sftp} one: at spaces, without quoting. */
    public static List<String> words(String commandLine) {
        String stripped = commandLine.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }

    private static LogLevel level(String value) {
        try {
            return LogLevel.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("internal-sftp: -l " + value
                    + " is no log level (QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG1, DEBUG2, DEBUG3)");
        }
    }

    private static String facility(String value) {
        String name = value.toUpperCase(Locale.ROOT);
        if (!FACILITIES.contains(name)) {
            throw new IllegalArgumentException("internal-sftp: -f " + value
                    + " is no log facility (DAEMON, USER, AUTH, AUTHPRIV, LOCAL0 to LOCAL7)");
        }
        return name;
    }

    private static int umask(String value) {
        try {
            return RootedOptions.parseUmask(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("internal-sftp: -u " + e.getMessage(), e);
        }
    }

    private static Set<String> requests(String option, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",", -1)) {
            if (!RequestPolicy.NAMES.contains(name)) {
                throw new IllegalArgumentException("internal-sftp: " + option + ": \"" + name
                        + "\" is no request name; they are " + String.join(",", RequestPolicy.NAMES));
            }
            names.add(name);
        }
        return names;
    }
}
