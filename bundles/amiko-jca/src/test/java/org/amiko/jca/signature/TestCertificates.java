// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;

/** Key pairs whose public half is a user certificate from a test authority (Ed25519). */
final class TestCertificates {
    private TestCertificates() {}

    private static final Map<KeyPair, KeyPair> CACHE = new ConcurrentHashMap<>();

    /**
     * {@code plain}'s public key certified for "alice", with {@code plain}'s private key; the same
     * certificate for the same pair, as a certificate's nonce makes each one different.
     */
    static KeyPair certified(KeyPair plain) throws GeneralSecurityException {
        KeyPair known = CACHE.get(plain);
        if (known != null) {
            return known;
        }
        KeyPair made = issue(plain);
        KeyPair raced = CACHE.putIfAbsent(plain, made);
        return raced != null ? raced : made;
    }

    private static KeyPair issue(KeyPair plain) throws GeneralSecurityException {
        KeyPair authority = TestKeys.ed25519();
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, plain.getPublic())
                .keyId("test").principals(List.of("alice"))
                .sign(authority.getPublic(), data -> signer.sign(authority.getPrivate(), data, new SecureRandom()),
                        new SecureRandom());
        return new KeyPair(certificate, plain.getPrivate());
    }
}
