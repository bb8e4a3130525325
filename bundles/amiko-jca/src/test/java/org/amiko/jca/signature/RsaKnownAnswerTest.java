// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;

/**
 * RSASSA-PKCS1-v1_5 known answers made with OpenSSL (see vectors/README.md) for {@code rsa-sha2-256},
 * {@code rsa-sha2-512} (RFC 8332 section 3) and {@code ssh-rsa}; the key-size limits; the refusal of a
 * blob whose name is another RSA algorithm's; and OpenSSH's tolerance of stripped leading zeros.
 */
class RsaKnownAnswerTest {
    private static final Vector VECTOR = VectorFile.load(RsaKnownAnswerTest.class, "/vectors/rsa-pkcs1.txt")
            .vectors().get(0);

    private static byte[] blob(String name, byte[] signature) {
        return new WireWriter().writeString(name).writeString(signature).toByteArray();
    }

    @Test
    void rsaSha2SignaturesAreTheOpenSslOnes() throws GeneralSecurityException {
        KeyPair key = TestKeys.rsa2048();
        byte[] message = VECTOR.hex("MESSAGE");
        byte[] sha256 = blob("rsa-sha2-256", VECTOR.hex("SHA256"));
        byte[] sha512 = blob("rsa-sha2-512", VECTOR.hex("SHA512"));
        assertArrayEquals(sha256, new RsaSha2256().sign(key.getPrivate(), message, new FixedRandom()));
        assertArrayEquals(sha512, new RsaSha2512().sign(key.getPrivate(), message, new FixedRandom()));
        assertTrue(new RsaSha2256().verify(key.getPublic(), message, sha256));
        assertTrue(new RsaSha2512().verify(key.getPublic(), message, sha512));
    }

    @Test
    void sshRsaSignsAndVerifiesTheOpenSslSha1Signature() throws GeneralSecurityException {
        KeyPair key = TestKeys.rsa2048();
        byte[] message = VECTOR.hex("MESSAGE");
        byte[] sha1 = blob("ssh-rsa", VECTOR.hex("SHA1"));
        assertTrue(new SshRsa().verify(key.getPublic(), message, sha1));
        assertArrayEquals(sha1, new SshRsa().sign(key.getPrivate(), message, new FixedRandom()));
    }

    @Test
    void blobNamingAnotherRsaAlgorithmFails() throws GeneralSecurityException {
        KeyPair key = TestKeys.rsa2048();
        byte[] message = VECTOR.hex("MESSAGE");
        // Each signature is valid for its own hash; RFC 8332 section 3.2 ties the name to the hash.
        assertFalse(new RsaSha2256().verify(key.getPublic(), message, blob("rsa-sha2-512", VECTOR.hex("SHA512"))));
        assertFalse(new RsaSha2512().verify(key.getPublic(), message, blob("rsa-sha2-256", VECTOR.hex("SHA256"))));
        assertFalse(new RsaSha2256().verify(key.getPublic(), message, blob("ssh-rsa", VECTOR.hex("SHA1"))));
        assertFalse(new SshRsa().verify(key.getPublic(), message, blob("rsa-sha2-256", VECTOR.hex("SHA256"))));
        assertFalse(new RsaSha2256().verify(key.getPublic(), message, blob("rsa-sha2-256", VECTOR.hex("SHA512"))),
                "SHA-512 signature under the SHA-256 name");
    }

    @Test
    void signatureWithoutItsLeadingZeroStillVerifies() throws GeneralSecurityException {
        KeyPair key = TestKeys.rsa2048();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.getPrivate());
        // About one signature in 256 starts with a zero byte; look for one deterministically.
        for (int i = 0; i < 5000; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            signer.update(message);
            byte[] signature = signer.sign();
            if (signature[0] == 0) {
                byte[] stripped = Arrays.copyOfRange(signature, 1, signature.length);
                assertTrue(new RsaSha2256().verify(key.getPublic(), message, blob("rsa-sha2-256", stripped)));
                assertFalse(new RsaSha2256().verify(key.getPublic(), message,
                        blob("rsa-sha2-256", Arrays.copyOf(signature, signature.length + 1))), "longer than modulus");
                return;
            }
        }
        throw new AssertionError("no signature with a leading zero among 5000");
    }

    @Test
    void keySizeLimits() throws GeneralSecurityException {
        KeyPair small = TestKeys.rsa(1024);
        byte[] message = {1, 2, 3};
        assertTrue(new RsaSha2512().supports(small.getPublic()), "1024-bit keys still verify");
        assertThrows(InvalidKeyException.class,
                () -> new RsaSha2512().sign(small.getPrivate(), message, new FixedRandom()));
        Signature signer = Signature.getInstance("SHA512withRSA");
        signer.initSign(small.getPrivate());
        signer.update(message);
        assertTrue(new RsaSha2512().verify(small.getPublic(), message, blob("rsa-sha2-512", signer.sign())));

        KeyPair tiny = TestKeys.rsa(768);
        assertFalse(new RsaSha2512().supports(tiny.getPublic()), "under 1024 bits");
        assertThrows(GeneralSecurityException.class,
                () -> new RsaSha2512().verify(tiny.getPublic(), message, blob("rsa-sha2-512", new byte[96])));
    }
}
