// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.AlgorithmAnnotationContract;
import org.junit.jupiter.api.Test;

/**
 * A FIDO security key signature plug-in (OpenSSH PROTOCOL.u2f) against a software authenticator:
 * what a real key signs verifies, and nothing else does, neither without the touch flag nor for
 * another application, other data or a changed counter. ({@code SecurityKeyInteropTest} in the
 * itests checks the same against OpenSSH's ssh with its own security key middleware.)
 */
abstract class SecurityKeySignatureTest extends AlgorithmAnnotationContract {
    private static final byte[] DATA = "session id || USERAUTH_REQUEST".getBytes(StandardCharsets.UTF_8);

    abstract SecurityKeySignature signature();

    /** The authenticator's own key pair, as it would make one. */
    abstract KeyPair authenticatorKeys() throws GeneralSecurityException;

    /** The authenticator's signature over its message, in the SSH form. */
    abstract byte[] authenticatorSignature(KeyPair keys, byte[] message) throws GeneralSecurityException;

    @Override
    protected final Class<?> algorithmClass() {
        return signature().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return org.amiko.spi.signature.SignatureAlgorithm.class;
    }

    private final KeyPair keys = keys();
    private final SecurityKeyPublicKey key = key("ssh:");

    private KeyPair keys() {
        try {
            return authenticatorKeys();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private SecurityKeyPublicKey key(String application) {
        try {
            return SecurityKeyPublicKey.of(keys.getPublic(), application);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** What an authenticator holding {@link #keys} for {@code application} answers. */
    private byte[] blob(String application, int flags, int counter, byte[] data) throws GeneralSecurityException {
        byte[] message = SecurityKeySignature.signedMessage(application, flags, counter, data);
        return new WireWriter(160).writeString(signature().keyType())
                .writeString(authenticatorSignature(keys, message)).writeByte(flags).writeUint32(counter).toByteArray();
    }

    @Test
    void aTouchedSignatureVerifiesAndNothingElse() throws GeneralSecurityException {
        byte[] blob = blob("ssh:", SecurityKeySignature.USER_PRESENT, 7, DATA);
        assertTrue(signature().verify(key, DATA, blob));
        assertFalse(signature().verify(key, "other".getBytes(StandardCharsets.UTF_8), blob), "other data");
        assertFalse(signature().verify(key("ssh:other"), DATA, blob), "the key for another application");
        byte[] counted = blob.clone();
        counted[counted.length - 1] ^= 1;
        assertFalse(signature().verify(key, DATA, counted), "the counter is signed");
        byte[] flagged = blob.clone();
        flagged[flagged.length - 5] |= 0x04;
        assertFalse(signature().verify(key, DATA, flagged), "the flags are signed");
    }

    /**
     * The flags are signed, so an untouched signature verifies as what it is; whether a login may
     * go without the touch is the server's to say, from the flags the plug-in reads for it.
     */
    @Test
    void theFlagsAreSignedAndReadForTheServersPolicy() throws GeneralSecurityException {
        byte[] untouched = blob("ssh:", 0, 7, DATA);
        assertTrue(signature().verify(key, DATA, untouched));
        assertEquals(0, signature().authenticatorFlags(untouched));
        assertEquals(0x05, signature().authenticatorFlags(blob("ssh:", 0x05, 8, DATA)));
        byte[] claimed = untouched.clone();
        claimed[claimed.length - 5] |= SecurityKeySignature.USER_PRESENT;
        assertEquals(SecurityKeySignature.USER_PRESENT, signature().authenticatorFlags(claimed));
        assertFalse(signature().verify(key, DATA, claimed), "a touch claimed afterwards does not verify");
        assertEquals(-1, signature().authenticatorFlags(Arrays.copyOf(untouched, untouched.length - 1)));
        assertEquals(-1, new SkSshEd25519Cert().authenticatorFlags(new byte[3]));
    }

    @Test
    void malformedBlobsFailQuietly() throws GeneralSecurityException {
        byte[] blob = blob("ssh:", SecurityKeySignature.USER_PRESENT, 1, DATA);
        for (int length = 0; length < blob.length; length++) {
            assertFalse(signature().verify(key, DATA, Arrays.copyOf(blob, length)), "truncated to " + length);
        }
        assertFalse(signature().verify(key, DATA, Arrays.copyOf(blob, blob.length + 1)), "a trailing byte");
        byte[] renamed = blob.clone();
        renamed[5] ^= 1;
        assertFalse(signature().verify(key, DATA, renamed), "another algorithm's name");
    }

    @Test
    void keysRoundTripAndOnlyThisKindIsTaken() throws GeneralSecurityException {
        byte[] encoded = signature().encodePublicKey(key);
        SecurityKeyPublicKey decoded = assertInstanceOf(SecurityKeyPublicKey.class, signature().decodePublicKey(encoded));
        assertEquals("ssh:", decoded.application());
        assertArrayEquals(encoded, PublicKeyBlob.encode(decoded));
        assertEquals(signature().keyType(), PublicKeyBlob.keyType(decoded));
        assertFalse(signature().supports(keys.getPublic()), "the plain key is no security key");
        assertThrows(GeneralSecurityException.class, () -> signature().decodePublicKey(PublicKeyBlob.encode(keys.getPublic())));
        assertThrows(GeneralSecurityException.class, () -> signature().decodePublicKey(Arrays.copyOf(encoded, encoded.length - 1)));
    }

    @Test
    void itNeverSigns() {
        assertFalse(signature().canSign());
        assertThrows(GeneralSecurityException.class, () -> signature().sign(keys.getPrivate(), DATA, new SecureRandom()));
    }
}
