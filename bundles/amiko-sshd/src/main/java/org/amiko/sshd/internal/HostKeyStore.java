// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;

/**
 * The server's host keys, {@code ssh_host_{ed25519,ecdsa,rsa}_key} as OpenSSH names them: loaded
 * if present, otherwise created once (OpenSSH format, mode 0600, with a {@code .pub} beside) and
 * reused on every later start, so clients keep recognising the server.
 */
final class HostKeyStore {
    /** File base name and key type, in the order they are offered. */
    private static final String[][] KEYS = {
        {"ssh_host_ed25519_key", "ssh-ed25519"},
        {"ssh_host_ecdsa_key", "ecdsa-sha2-nistp256"},
        {"ssh_host_rsa_key", "ssh-rsa"},
    };

    private HostKeyStore() {}

    /** Loads or creates every host key in {@code directory}. */
    static List<KeyPair> loadOrCreate(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<KeyPair> keys = new ArrayList<>();
        for (String[] spec : KEYS) {
            Path file = directory.resolve(spec[0]);
            try {
                if (Files.exists(file)) {
                    keys.add(KeyFiles.load(file, null));
                } else {
                    KeyPair pair = KeyPairs.generate(spec[1]);
                    String comment = "amiko host key";
                    KeyFiles.writeOpenSsh(file, pair, comment);
                    Files.writeString(directory.resolve(spec[0] + ".pub"),
                            PublicKeyLine.of(pair.getPublic(), comment).format() + "\n", StandardCharsets.US_ASCII);
                    keys.add(pair);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("host key " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }
}
