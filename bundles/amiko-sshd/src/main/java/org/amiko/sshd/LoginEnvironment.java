// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amiko.keys.AddressLiterals;

/**
 * The environment and the working directory sshd gives a session's command (OpenSSH's
 * {@code session.c}: {@code do_setup_env}, and {@code do_child}'s change to the home directory),
 * for the account this server runs as. A command sees what it would see had it logged in to that
 * account with ssh; none of the variables of whoever started the server reach it (their
 * {@code SSH_AUTH_SOCK}, {@code JAVA_OPTS}, {@code PWD}).
 *
 * <p>The variables, in the order sshd sets them, a later one replacing an earlier one of its name:
 * <ol>
 * <li>{@code USER} and {@code LOGNAME}, the account's name; {@code HOME}, its home directory;
 *     {@code PATH}, Debian's sshd defaults ({@link #SUPERUSER_PATH} for root, {@link #USER_PATH}
 *     for others); {@code MAIL}, {@code /var/mail/NAME}, as sshd sets it without PAM;
 *     {@code SHELL}; {@code TZ} when the server has one; {@code TERM} on a terminal;
 * <li>the session's own, which the caller gives in sshd's order: the client's accepted variables,
 *     a key's {@code environment=}, the agent's socket, the X11 display, the server's
 *     {@code setEnv}, {@code SSH_ORIGINAL_COMMAND};
 * <li>{@code SSH_CLIENT} and {@code SSH_CONNECTION}: the client's address and port and the
 *     server's, which nothing replaces.
 * </ol>
 * {@code SSH_TTY} is set on the terminal, by its wrapper ({@link PseudoTerminal}).
 */
final class LoginEnvironment {
    /** Debian's sshd {@code PATH} for other users than root ({@code --with-default-path}). */
    static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";
    /** Debian's sshd {@code PATH} for root ({@code --with-superuser-path}). */
    static final String SUPERUSER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private LoginEnvironment() {}

    /** The account a command runs as: this server's. */
    record Account(String name, Path home, boolean superuser) {
        /** The account of this process, as the JVM read it from the password database at start. */
        static Account current() {
            String name = System.getProperty("user.name");
            return new Account(name, Path.of(System.getProperty("user.home")), isSuperuser(name));
        }

        /** Whether this process runs as uid 0: the owner of {@code /proc/self} where there is one. */
        private static boolean isSuperuser(String name) {
            try {
                return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "root".equals(name);
            }
        }
    }

    /**
     * The command's whole environment.
     *
     * @param shell what {@code SHELL} says
     * @param term the terminal's type, or null without a terminal
     * @param session the session's variables, in the order they replace each other
     * @param serverTimeZone the server's {@code TZ}, or null
     * @param client the client's address and port, or null when not known
     * @param server the server's address and port the client connected to, or null
     */
    static Map<String, String> of(Account account, String shell, String term, Map<String, String> session,
            String serverTimeZone, InetSocketAddress client, InetSocketAddress server) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("USER", account.name());
        variables.put("LOGNAME", account.name());
        variables.put("HOME", account.home().toString());
        variables.put("PATH", account.superuser() ? SUPERUSER_PATH : USER_PATH);
        variables.put("MAIL", "/var/mail/" + account.name());
        variables.put("SHELL", shell);
        if (serverTimeZone != null) {
            variables.put("TZ", serverTimeZone);
        }
        if (term != null) {
            variables.put("TERM", term);
        }
        variables.putAll(session);
        if (client != null && server != null && client.getAddress() != null && server.getAddress() != null) {
            String from = AddressLiterals.format(client.getAddress()) + " " + client.getPort();
            variables.put("SSH_CLIENT", from + " " + server.getPort());
            variables.put("SSH_CONNECTION", from + " " + AddressLiterals.format(server.getAddress()) + " "
                    + server.getPort());
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
