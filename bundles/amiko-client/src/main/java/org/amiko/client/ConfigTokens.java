// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the {@code %} tokens of a host's ssh_config settings stand for (ssh_config(5) TOKENS):
 * {@code %n} the name asked for, {@code %h} the host name, {@code %p} the port, {@code %r} the
 * user, {@code %k} the host key alias (else the name asked for), {@code %j} the ProxyJump line
 * ({@code ""} without one), {@code %C} the SHA-1 of {@code %l%h%p%r%j} in hex, and of this side
 * {@code %u} the user, {@code %d} the home directory, {@code %i} the numeric user id, {@code %l}
 * the host name and {@code %L} its first label. Port, user and jump are null where not (yet)
 * known, which leaves their tokens, and {@code %C}, as written.
 *
 * <p>{@code %j} and its part in {@code %C} are as OpenSSH has them since its change of October
 * 2026, the whole ProxyJump specification (OpenSSH 9.6 brought {@code %j} with the last jump
 * host's name alone, and 9.2 has none); without a ProxyJump, {@code %C} is the hash every
 * version gives.
 */
record ConfigTokens(String original, String host, Integer port, String user, String alias, String jump) {

    /** The value of token {@code letter}, or null for one not known here; each computed when asked for. */
    String value(char letter) {
        return switch (letter) {
            case 'n' -> original;
            case 'h' -> host;
            case 'u' -> System.getProperty("user.name");
            case 'd' -> System.getProperty("user.home");
            case 'l' -> LocalHost.NAME;
            case 'L' -> LocalHost.NAME == null ? null : LocalHost.NAME.split("\\.", 2)[0];
            case 'i' -> LocalHost.UID;
            case 'p' -> port == null ? null : port.toString();
            case 'k' -> port == null ? null : alias != null ? alias : original;
            case 'r' -> user;
            case 'j' -> jump;
            case 'C' -> connectionHash();
            default -> null;
        };
    }

    /** ssh's {@code %C}: the SHA-1 of {@code %l%h%p%r%j}, in lower-case hex. */
    private String connectionHash() {
        if (port == null || user == null || jump == null || LocalHost.NAME == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((LocalHost.NAME + host + port + user + jump).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** This machine's host name and this process's user id, read once. */
    private static final class LocalHost {
        /** gethostname(3), as ssh takes it for {@code %l}; the kernel's, without a name lookup where it can be read. */
        static final String NAME = hostName();
        /** The numeric user id, from {@code /proc/self}'s owner; null where that cannot be read. */
        static final String UID = uid();

        private static String hostName() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                try {
                    return InetAddress.getLocalHost().getHostName();
                } catch (IOException unknown) {
                    return null;
                }
            }
        }

        private static String uid() {
            try {
                return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
