// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ssh-keygen made keys under src/test/resources/vectors/openssh (see the README there). */
final class Fixtures {
    /** Every unencrypted private key fixture, by base name. */
    static final List<String> PRIVATE_KEYS = List.of("ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa3072",
            "rsa3072-pem", "ecdsa256-pem", "ecdsa521-pem", "rsa3072-pkcs8", "ecdsa384-pkcs8", "ecdsa256-nopub",
            "ed25519-pkcs8");
    /** The fixtures in OpenSSH v1 format, unencrypted. */
    static final List<String> OPENSSH_KEYS = List.of("ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa3072");
    /** Encrypted OpenSSH v1 fixtures; their passphrase is {@link #PASSPHRASE}. */
    static final List<String> ENCRYPTED_KEYS = List.of("ed25519-encrypted", "rsa2048-encrypted");
    static final String PASSPHRASE = "amiko fixture";
    /** Every fixture with a .pub file. */
    static final List<String> PUBLIC_KEYS = List.of("ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa3072",
            "rsa3072-pem", "ecdsa256-pem", "ecdsa521-pem", "rsa3072-pkcs8", "ecdsa384-pkcs8", "ecdsa256-nopub",
            "ed25519-pkcs8", "ed25519-encrypted", "rsa2048-encrypted");

    private static final Map<String, KeyPair> GENERATED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /**
     * A key pair of the type, made once per test run and shared: RSA key generation takes most of a
     * second, and the tests that use these only need some valid key, not a fresh one.
     */
    static KeyPair generated(String keyType) {
        return GENERATED.computeIfAbsent(keyType, type -> {
            try {
                return KeyPairs.generate(type);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The text of a fixture file, e.g. {@code text("ed25519.pub")}. */
    static String text(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/vectors/openssh/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String privateKey(String name) {
        return text(name + ".key");
    }

    /** The public key line, without its line break. */
    static String publicLine(String name) {
        return text(name + ".pub").strip();
    }

    /** The fingerprint field of ssh-keygen's {@code -l} output ({@code hash} is sha256 or md5). */
    static String printedFingerprint(String name, String hash) {
        return text(name + "." + hash + ".txt").strip().split(" ")[1];
    }
}
