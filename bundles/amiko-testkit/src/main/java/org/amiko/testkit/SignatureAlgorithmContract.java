// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SignatureAlgorithm} (RFC 4253 section 6.6): a signature blob is
 * {@code string algorithm || string signature} under the plug-in's wire name; it verifies over the
 * signed data and nothing else; a tampered, truncated, foreign or garbage blob yields {@code false},
 * never an exception; public key blobs round-trip and start with {@link SignatureAlgorithm#keyType()}.
 *
 * <p>A verification-only algorithm ({@code canSign() == false}) must refuse to sign; its test overrides
 * {@link #signForTest} to make blobs some other way.
 */
public abstract class SignatureAlgorithmContract extends AlgorithmAnnotationContract {
    private static final byte[] DATA = "exchange hash H, or the user-auth data".getBytes(StandardCharsets.UTF_8);

    /** The algorithm under test. */
    protected abstract SignatureAlgorithm signature();

    /** A key pair the algorithm supports; may be cached by the subclass. */
    protected abstract KeyPair keyPair() throws GeneralSecurityException;

    /** A key pair the algorithm must not support: Ed25519, or P-256 for an algorithm that takes Ed25519. */
    protected KeyPair foreignKeyPair() throws GeneralSecurityException {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        if (!signature().supports(ed25519.getPublic())) {
            return ed25519;
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        return ec.generateKeyPair();
    }

    /**
     * The name that starts this algorithm's signature blobs: its wire name, except for certificate
     * types, which sign as their key's plain algorithm (OpenSSH PROTOCOL.certkeys).
     */
    protected String signatureBlobName() {
        return wireName();
    }

    /** Makes a signature blob over {@code data}; by default with the algorithm itself. */
    protected byte[] signForTest(KeyPair pair, byte[] data) throws GeneralSecurityException {
        return signature().sign(pair.getPrivate(), data, new FixedRandom(1));
    }

    @Override
    protected final Class<?> algorithmClass() {
        return signature().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return SignatureAlgorithm.class;
    }

    @Test
    public void signatureVerifies() throws GeneralSecurityException {
        KeyPair pair = keyPair();
        assertTrue(signature().verify(pair.getPublic(), DATA, signForTest(pair, DATA)));
    }

    @Test
    public void blobNamesTheWireAlgorithm() throws GeneralSecurityException, IOException {
        WireReader reader = new WireReader(signForTest(keyPair(), DATA));
        assertEquals(signatureBlobName(), reader.readUtf8(), "first string of the signature blob");
        assertTrue(reader.readString().length > 0, "empty signature");
        reader.expectEnd("signature blob");
    }

    @Test
    public void refusesToSignWhenVerificationOnly() throws GeneralSecurityException {
        if (signature().canSign()) {
            assertTrue(signature().verify(keyPair().getPublic(), DATA,
                    signature().sign(keyPair().getPrivate(), DATA, new FixedRandom(2))));
        } else {
            assertThrows(GeneralSecurityException.class,
                    () -> signature().sign(keyPair().getPrivate(), DATA, new FixedRandom(2)));
        }
    }

    @Test
    public void otherDataFails() throws GeneralSecurityException {
        KeyPair pair = keyPair();
        byte[] blob = signForTest(pair, DATA);
        byte[] other = DATA.clone();
        other[other.length - 1] ^= 1;
        assertFalse(signature().verify(pair.getPublic(), other, blob));
        assertFalse(signature().verify(pair.getPublic(), new byte[0], blob));
    }

    @Test
    public void tamperedSignatureFails() throws GeneralSecurityException {
        KeyPair pair = keyPair();
        byte[] blob = signForTest(pair, DATA);
        int signatureStart = 4 + 4 + signatureBlobName().getBytes(StandardCharsets.UTF_8).length;
        for (int i = signatureStart; i < blob.length; i += Math.max(1, (blob.length - signatureStart) / 17)) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x10;
            assertFalse(signature().verify(pair.getPublic(), DATA, tampered), "flipped signature byte " + i);
        }
    }

    @Test
    public void malformedBlobsFailQuietly() throws GeneralSecurityException {
        KeyPair pair = keyPair();
        byte[] blob = signForTest(pair, DATA);
        for (int length = 0; length < blob.length; length++) {
            assertFalse(signature().verify(pair.getPublic(), DATA, Arrays.copyOf(blob, length)),
                    "blob truncated to " + length);
        }
        assertFalse(signature().verify(pair.getPublic(), DATA, Arrays.copyOf(blob, blob.length + 1)),
                "blob with a trailing byte");
        assertFalse(signature().verify(pair.getPublic(), DATA, new FixedRandom(3).bytes(blob.length)), "random bytes");
    }

    @Test
    public void blobOfAnotherAlgorithmFails() throws GeneralSecurityException, IOException {
        KeyPair pair = keyPair();
        WireReader reader = new WireReader(signForTest(pair, DATA));
        reader.readUtf8();
        byte[] inner = reader.readString();
        byte[] foreign = new WireWriter().writeString("x-other@amiko.example").writeString(inner).toByteArray();
        assertFalse(signature().verify(pair.getPublic(), DATA, foreign));
    }

    @Test
    public void publicKeyBlobRoundTrips() throws GeneralSecurityException, IOException {
        PublicKey key = keyPair().getPublic();
        byte[] blob = signature().encodePublicKey(key);
        assertEquals(signature().keyType(), new WireReader(blob).readUtf8(), "first string of the key blob");
        PublicKey decoded = signature().decodePublicKey(blob);
        assertTrue(signature().supports(decoded));
        assertArrayEquals(blob, signature().encodePublicKey(decoded));
        assertTrue(signature().verify(decoded, DATA, signForTest(keyPair(), DATA)), "decoded key verifies");
    }

    /**
     * The plain key's blob ({@link SignatureAlgorithm#plainKeyBlob}): a plain key's own encoding; a
     * certificate's is its certified key's, of the plain key type.
     */
    @Test
    public void plainKeyBlobIsThePlainKeysBlob() throws GeneralSecurityException, IOException {
        PublicKey key = keyPair().getPublic();
        byte[] plain = signature().plainKeyBlob(key);
        String suffix = "-cert-v01@openssh.com";
        if (!signature().keyType().endsWith(suffix)) {
            assertArrayEquals(signature().encodePublicKey(key), plain);
            return;
        }
        String type = new WireReader(plain).readUtf8();
        String stripped = signature().keyType().substring(0, signature().keyType().length() - suffix.length());
        assertTrue(type.equals(stripped) || type.equals(stripped + "@openssh.com"), type);
        assertFalse(Arrays.equals(signature().encodePublicKey(key), plain), "not the certificate's own blob");
    }

    @Test
    public void rejectsMalformedPublicKeyBlobs() throws GeneralSecurityException, IOException {
        byte[] blob = signature().encodePublicKey(keyPair().getPublic());
        assertThrows(GeneralSecurityException.class, () -> signature().decodePublicKey(new byte[0]));
        assertThrows(GeneralSecurityException.class,
                () -> signature().decodePublicKey(Arrays.copyOf(blob, blob.length - 1)));
        WireReader reader = new WireReader(blob);
        reader.readUtf8();
        byte[] renamed = new WireWriter().writeString("x-other@amiko.example").writeBytes(reader.readRemaining())
                .toByteArray();
        assertThrows(GeneralSecurityException.class, () -> signature().decodePublicKey(renamed));
        assertArrayEquals(blob, signature().encodePublicKey(keyPair().getPublic()), "encoding is deterministic");
    }

    @Test
    public void supportsItsKeysAndNoOthers() throws GeneralSecurityException {
        KeyPair pair = keyPair();
        assertTrue(signature().supports(pair.getPublic()), "public key");
        assertTrue(signature().supports(pair.getPrivate()), "private key");
        KeyPair foreign = foreignKeyPair();
        assertFalse(signature().supports(foreign.getPublic()), "foreign public key");
        assertFalse(signature().supports(foreign.getPrivate()), "foreign private key");
        assertThrows(GeneralSecurityException.class, () -> signature().encodePublicKey(foreign.getPublic()));
    }

    @Test
    public void foreignKeysAreRefused() throws GeneralSecurityException {
        KeyPair foreign = foreignKeyPair();
        if (signature().canSign()) {
            assertThrows(GeneralSecurityException.class,
                    () -> signature().sign(foreign.getPrivate(), DATA, new FixedRandom(4)));
        }
        byte[] blob = signForTest(keyPair(), DATA);
        boolean verified;
        try {
            verified = signature().verify(foreign.getPublic(), DATA, blob);
        } catch (GeneralSecurityException expected) {
            verified = false; // the SPI allows refusing an unusable key by exception
        }
        assertFalse(verified, "verified under a key of another type");
    }
}
