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
import java.util.Optional;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;

/**
 * The server's host keys, {@code ssh_host_{ed25519,ecdsa,rsa}_key} as OpenSSH names them: loaded
 * if present, otherwise created once (OpenSSH format, mode 0600, with a {@code .pub} beside) and
 * reused on every later start, so clients keep recognising the server. A host certificate
 * {@code ssh_host_*_key-cert.pub} beside a key (sshd's {@code HostCertificate}, made with
 * {@code ssh-keygen -s ca -h}) is offered too, after the plain keys, to clients that trust its
 * authority; one that is not this key's, or not a host certificate, is left out with a warning.
 */
final class HostKeyStore {
    /** File base name and key type, in the order they are offered. */
    private static final String[][] KEYS = {
        {"ssh_host_ed25519_key", "ssh-ed25519"},
        {"ssh_host_ecdsa_key", "ecdsa-sha2-nistp256"},
        {"ssh_host_rsa_key", "ssh-rsa"},
    };

    private HostKeyStore() {}

    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    /** Loads or creates every host key in {@code directory}, then adds the certificates found beside them. */
    static List<KeyPair> loadOrCreate(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<KeyPair> keys = new ArrayList<>();
        List<KeyPair> certified = new ArrayList<>();
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
            certificate(file, keys.get(keys.size() - 1))
                    .ifPresent(certified::add);
        }
        keys.addAll(certified);
        return keys;
    }

    /** The host certificate beside {@code keyFile} with the key's private half, if there is a usable one. */
    private static Optional<KeyPair> certificate(Path keyFile, KeyPair key) {
        try {
            Optional<OpenSshCertificate> certificate = KeyFiles.certificateBeside(keyFile, key.getPublic());
            if (certificate.isEmpty()) {
                return Optional.empty();
            }
            if (certificate.get().kind() == OpenSshCertificate.Kind.HOST) {
                LOG.log(System.Logger.Level.INFO, "host certificate {0} for {1}", certificate.get(), keyFile.getFileName());
                return Optional.of(new KeyPair(certificate.get(), key.getPrivate()));
            }
            LOG.log(System.Logger.Level.WARNING, "the certificate beside {0} is a user certificate; not offered", keyFile);
        } catch (IOException | GeneralSecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "the certificate beside {0} is not offered: {1}", keyFile, e.getMessage());
        }
        return Optional.empty();
    }
}
