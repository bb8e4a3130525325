// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.Subject;

/**
 * Who a session's shell or command runs for: the name the client logged in with and, for Karaf's
 * console, the JAAS subject its commands run as: the one a {@code jaasRealm} logged in, or one
 * holding {@code karafRoles} (as the login's match blocks leave it).
 *
 * @param user the authenticated user name
 * @param karafRoles the JAAS roles Karaf's command ACLs check, when no realm logged the user in;
 *     empty for none
 * @param jaas the subject the realm logged in by password, or null
 * @param client the client's address and port, which Karaf's audit records; null once the
 *     connection has gone
 * @param history the file the in-process shell keeps this user's lines in ({@code shellHistory}),
 *     or null to keep them in memory for the session only
 */
record ShellLogin(String user, List<String> karafRoles, Subject jaas, InetSocketAddress client, Path history) {
    /** A user name that is a file name as it stands. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}");

    ShellLogin {
        karafRoles = List.copyOf(karafRoles);
    }

    /** Who a session runs for, its lines kept in memory only. */
    ShellLogin(String user, List<String> karafRoles, Subject jaas, InetSocketAddress client) {
        this(user, karafRoles, jaas, client, null);
    }

    /**
     * This login with its lines kept in {@code directory}, in a file of the user's name: the name
     * itself where it is a plain file name, else a digest of it (a name the client chose may hold
     * {@code /}, {@code ..} or control characters).
     */
    ShellLogin withHistoryIn(Path directory) {
        String file = PLAIN_NAME.matcher(user).matches() ? user : "~" + digest(user);
        return new ShellLogin(user, karafRoles, jaas, client, directory.resolve(file));
    }

    private static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
