// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.AddressLiterals;

/**
 * The environment and the working directory sshd gives a session's command (OpenSSH's
 * {@code session.c}: {@code do_setup_env}, and {@code do_child}'s change to the home directory),
 * for the account this server runs as. A command sees what it would see had it logged in to that
 * account with ssh; none of the variables of whoever started the server reach it (their
 * {@code SSH_AUTH_SOCK}, {@code JAVA_OPTS}, {@code PWD}).
 *
 * <p>The variables, a later one replacing an earlier one of its name:
 * <ol>
 * <li>{@code USER} and {@code LOGNAME}, the account's name; {@code HOME}, its home directory;
 *     {@code PATH}, Debian's sshd defaults ({@link #SUPERUSER_PATH} for root, {@link #USER_PATH}
 *     for others); {@code MAIL}, {@code /var/mail/NAME}, as sshd sets it without PAM;
 *     {@code SHELL}; {@code TERM} on a terminal;
 * <li>the system's: the server's {@code TZ}, then {@code /etc/environment} and
 *     {@code /etc/default/locale}, which Debian's sshd reads through {@code pam_env} (the
 *     system's {@code LANG} and, on Ubuntu, its {@code PATH});
 * <li>the session's own, which the caller gives in sshd's order: the client's accepted variables,
 *     the agent's socket, the X11 display, a key's {@code environment=}, the server's
 *     {@code setEnv}, {@code SSH_ORIGINAL_COMMAND};
 * <li>{@code SSH_CLIENT} and {@code SSH_CONNECTION}: the client's address and port and the
 *     server's, which nothing replaces (and which nothing else sets when they are not known).
 * </ol>
 * sshd sets the client's variables first, under its own; here they come after, which makes a
 * difference only for {@code TZ} and for names {@code acceptEnv} would have to allow that sshd
 * sets (the server refuses {@code PATH}, {@code HOME} and the like from clients whatever
 * {@code acceptEnv} says).
 * {@code SSH_TTY} is set on the terminal, by its wrapper ({@link PseudoTerminal}).
 */
final class LoginEnvironment {
    /** Debian's sshd {@code PATH} for other users than root ({@code --with-default-path}). */
    static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";
    /** Debian's sshd {@code PATH} for root ({@code --with-superuser-path}). */
    static final String SUPERUSER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The files Debian's {@code /etc/pam.d/sshd} has {@code pam_env} read, in its order. */
    static final List<Path> SYSTEM_FILES = List.of(Path.of("/etc/environment"), Path.of("/etc/default/locale"));
    /** A line of such a file: {@code NAME=VALUE}, perhaps after {@code export}, as pam_env reads it. */
    private static final Pattern ASSIGNMENT = Pattern.compile("(?:export\\s+)?([A-Za-z0-9_]+)=(.*)");

    private LoginEnvironment() {}

    /** The account a command runs as: this server's. */
    record Account(String name, Path home, boolean superuser) {
        /**
         * The account of this process, as the JVM read it from the password database at start;
         * without an entry there (a container's arbitrary uid, where the JVM says {@code ?}), as
         * the process's {@code USER} and {@code HOME} say, else its uid and {@code /}.
         */
        static Account current() {
            Integer uid = uid();
            String name = System.getProperty("user.name", "?");
            if (name.isEmpty() || name.equals("?")) {
                name = firstNonBlank(System.getenv("USER"), System.getenv("LOGNAME"), uid == null ? "?" : uid.toString());
            }
            Path home = absolute(System.getProperty("user.home"));
            if (home == null) {
                home = absolute(System.getenv("HOME"));
            }
            return new Account(name, home == null ? Path.of("/") : home, uid == null ? "root".equals(name) : uid == 0);
        }

        /** This process's uid: the owner of {@code /proc/self}, or null where there is none. */
        private static Integer uid() {
            try {
                return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return null;
            }
        }

        private static Path absolute(String path) {
            return path != null && path.startsWith("/") ? Path.of(path) : null;
        }

        private static String firstNonBlank(String... values) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return values[values.length - 1];
        }
    }

    /**
     * The command's whole environment.
     *
     * @param shell what {@code SHELL} says
     * @param term the terminal's type, or null without a terminal
     * @param session the session's variables
     * @param system the system's ({@link #systemVariables()})
     * @param client the client's address and port, or null when not known
     * @param server the server's address and port the client connected to, or null
     */
    static Map<String, String> of(Account account, String shell, String term, Map<String, String> session,
            Map<String, String> system, InetSocketAddress client, InetSocketAddress server) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("USER", account.name());
        variables.put("LOGNAME", account.name());
        variables.put("HOME", account.home().toString());
        variables.put("PATH", account.superuser() ? SUPERUSER_PATH : USER_PATH);
        variables.put("MAIL", "/var/mail/" + account.name());
        variables.put("SHELL", shell);
        if (term != null) {
            variables.put("TERM", term);
        }
        variables.putAll(system);
        variables.putAll(session);
        variables.remove("SSH_CLIENT");
        variables.remove("SSH_CONNECTION");
        if (client != null && server != null && client.getAddress() != null && server.getAddress() != null) {
            String from = numeric(client.getAddress()) + " " + client.getPort();
            variables.put("SSH_CLIENT", from + " " + server.getPort());
            variables.put("SSH_CONNECTION", from + " " + numeric(server.getAddress()) + " " + server.getPort());
        }
        return variables;
    }

    /**
     * An address as sshd writes it in these variables ({@code getnameinfo} with
     * {@code NI_NUMERICHOST}): IPv6 in its short form, with the zone of a link-local one by its
     * interface's name ({@code fe80::1%eth0}), or its number when no interface has it.
     */
    static String numeric(InetAddress address) {
        String text = AddressLiterals.format(address);
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            NetworkInterface zone = v6.getScopedInterface();
            if (zone == null) {
                try {
                    zone = NetworkInterface.getByIndex(v6.getScopeId());
                } catch (SocketException e) {
                    // no such interface now: its number, as getnameinfo gives it then
                }
            }
            return text + "%" + (zone != null ? zone.getName() : Integer.toString(v6.getScopeId()));
        }
        return text;
    }

    /** The server's {@code TZ}, as sshd passes its own on, then {@link #SYSTEM_FILES}' variables. */
    static Map<String, String> systemVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        String zone = System.getenv("TZ");
        if (zone != null) {
            variables.put("TZ", zone);
        }
        for (Path file : SYSTEM_FILES) {
            try {
                variables.putAll(readEnvironmentFile(Files.readAllLines(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // not there, or not readable: as pam_env, the session goes on without it
            }
        }
        return variables;
    }

    /**
     * The variables of an {@code /etc/environment}-style file as {@code pam_env} reads them: one
     * {@code NAME=VALUE} per line, perhaps after {@code export}; {@code #} starts a comment, even
     * in a value; quotes around a whole value are dropped; a line that says anything else, or
     * names a variable with other than letters, digits and {@code _}, is skipped.
     */
    static Map<String, String> readEnvironmentFile(List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            int comment = line.indexOf('#');
            String text = (comment < 0 ? line : line.substring(0, comment)).strip();
            Matcher assignment = ASSIGNMENT.matcher(text);
            if (!assignment.matches()) {
                continue;
            }
            String value = assignment.group(2);
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            }
            variables.put(assignment.group(1), value);
        }
        return variables;
    }

    /**
     * Why the command cannot start in the account's home directory, as sshd says it on the
     * command's standard error before starting it in {@code /}; null when it can.
     */
    static String homeProblem(Account account) {
        Path home = account.home();
        String reason;
        if (Files.isDirectory(home)) {
            if (Files.isExecutable(home)) {
                return null;
            }
            reason = "Permission denied";
        } else {
            reason = Files.exists(home) ? "Not a directory" : "No such file or directory";
        }
        return "Could not chdir to home directory " + home + ": " + reason;
    }
}
