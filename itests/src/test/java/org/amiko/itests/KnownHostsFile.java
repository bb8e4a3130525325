// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;

/**
 * A known_hosts file (OpenSSH sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT") naming a loopback server as
 * {@code [127.0.0.1]:port}, the form clients use for a port other than 22. Peers are given one so
 * that they really check the host key instead of trusting whatever they are shown.
 */
public final class KnownHostsFile {
    private KnownHostsFile() {}

    /** Writes one line per key and returns {@code file}. */
    public static Path write(Path file, int port, List<PublicKey> keys) throws IOException, InvalidKeyException {
        Files.writeString(file, lines(port, keys), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * An ssh_config block for host {@code name}: the loopback server on {@code port}, logged in to
     * as {@code user}, its host keys looked up in {@code knownHosts} alone and strictly.
     */
    public static String sshConfigHost(String name, int port, String user, Path knownHosts) {
        return "Host " + name + "\n  HostName 127.0.0.1\n  Port " + port + "\n  User " + user
                + "\n  UserKnownHostsFile " + knownHosts + "\n  StrictHostKeyChecking yes\n";
    }

    /** The lines naming {@code keys} for {@code [127.0.0.1]:port}, each ending in a newline. */
    public static String lines(int port, List<PublicKey> keys) throws InvalidKeyException {
        return lines("[127.0.0.1]:" + port, keys);
    }

    /** The lines naming {@code keys} for {@code hosts} as written (a name, a pattern, an alias). */
    public static String lines(String hosts, List<PublicKey> keys) throws InvalidKeyException {
        StringBuilder lines = new StringBuilder();
        for (PublicKey key : keys) {
            lines.append(hosts).append(' ').append(PublicKeyLine.of(key, "").format().trim()).append('\n');
        }
        return lines.toString();
    }

    /** Fresh keys of the same types as {@code keys}: what an impostor server would present. */
    public static List<PublicKey> impostors(List<KeyPair> keys) throws GeneralSecurityException {
        List<PublicKey> impostors = new ArrayList<>();
        for (KeyPair key : keys) {
            impostors.add(KeyPairs.generate(PublicKeyLine.of(key.getPublic(), "").keyType()).getPublic());
        }
        return impostors;
    }

    /**
     * Whether {@code key} is one of {@code known}, compared by encoding: a peer library may hand
     * over its own key classes, whose {@code equals} does not recognise the JDK's.
     */
    public static boolean contains(List<PublicKey> known, PublicKey key) {
        for (PublicKey candidate : known) {
            if (candidate.getAlgorithm().equals(key.getAlgorithm())
                    && Arrays.equals(candidate.getEncoded(), key.getEncoded())) {
                return true;
            }
        }
        return false;
    }
}
