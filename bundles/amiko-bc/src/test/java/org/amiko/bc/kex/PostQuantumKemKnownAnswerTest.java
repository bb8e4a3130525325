// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two KEMs against OpenSSH's own implementations (libcrux ML-KEM-768 and SUPERCOP sntrup761, as
 * compiled into OpenSSH; vectors/README.md says how the vectors were made): the same randomness must
 * give the same public key, ciphertext and secret, and OpenSSH's private key must decapsulate to the
 * secret.
 */
class PostQuantumKemKnownAnswerTest {
    private static final VectorFile ML_KEM =
            VectorFile.load(PostQuantumKemKnownAnswerTest.class, "/vectors/openssh-mlkem768.txt");
    private static final VectorFile SNTRUP =
            VectorFile.load(PostQuantumKemKnownAnswerTest.class, "/vectors/openssh-sntrup761.txt");

    static Stream<Vector> mlKem() {
        return ML_KEM.vectors().stream();
    }

    @ParameterizedTest
    @MethodSource("mlKem")
    void mlKemKeyGenerationAndEncapsulationMatchOpenSsh(Vector vector) throws InvalidKeyException {
        PostQuantumKem kem = PostQuantumKem.ML_KEM_768;
        // FIPS 203 ML-KEM.KeyGen draws d then z: the 64-byte seed is d || z.
        AsymmetricCipherKeyPair pair = kem.generate(FixedRandom.replaying(vector.hex("SEED"), 0));
        assertArrayEquals(vector.hex("PUBLIC"), kem.encodePublic(pair.getPublic()), "encapsulation key");
        SecretWithEncapsulation result = kem.encapsulate(vector.hex("PUBLIC"), FixedRandom.replaying(vector.hex("M"), 0));
        assertArrayEquals(vector.hex("CIPHERTEXT"), result.getEncapsulation(), "ciphertext");
        assertArrayEquals(vector.hex("SHARED"), result.getSecret(), "secret");
        assertArrayEquals(vector.hex("SHARED"), kem.decapsulate(pair.getPrivate(), vector.hex("CIPHERTEXT")));
    }

    @ParameterizedTest
    @MethodSource("mlKem")
    void mlKemDecapsulatesWithOpenSshsPrivateKey(Vector vector) throws InvalidKeyException {
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, vector.hex("PRIVATE"));
        assertArrayEquals(vector.hex("SHARED"), PostQuantumKem.ML_KEM_768.decapsulate(key, vector.hex("CIPHERTEXT")));
    }

    @Test
    void mlKemRejectsAnEncapsulationKeyFailingTheModulusCheck() {
        byte[] key = ML_KEM.vectors().get(0).hex("PUBLIC");
        key[0] = (byte) 0xff;
        key[1] |= 0x0f; // first 12-bit coefficient 0xfff, above q = 3329 (FIPS 203 section 7.2)
        assertThrows(InvalidKeyException.class, () -> PostQuantumKem.ML_KEM_768.encapsulate(key, new FixedRandom()));
    }

    @Test
    void mlKemDecapsulationRejectsImplicitly() throws InvalidKeyException {
        Vector vector = ML_KEM.vectors().get(0);
        MLKEMPrivateKeyParameters key = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, vector.hex("SEED"));
        byte[] ciphertext = vector.hex("CIPHERTEXT");
        ciphertext[100] ^= 1;
        byte[] secret = PostQuantumKem.ML_KEM_768.decapsulate(key, ciphertext);
        assertEquals(32, secret.length);
        assertFalse(Arrays.equals(vector.hex("SHARED"), secret), "a changed ciphertext gives another secret");
    }

    @Test
    void sntrupKeyGenerationAndEncapsulationMatchOpenSsh() throws InvalidKeyException {
        // The harness drew key pair, then encapsulation, from one stream, vector after vector.
        HarnessRandom random = new HarnessRandom();
        for (Vector vector : SNTRUP.vectors()) {
            PostQuantumKem kem = PostQuantumKem.SNTRUP_761;
            AsymmetricCipherKeyPair pair = kem.generate(random);
            assertArrayEquals(vector.hex("PUBLIC"), kem.encodePublic(pair.getPublic()), "public key");
            assertArrayEquals(vector.hex("PRIVATE"), ((SNTRUPrimePrivateKeyParameters) pair.getPrivate()).getEncoded());
            SecretWithEncapsulation result = kem.encapsulate(vector.hex("PUBLIC"), random);
            assertArrayEquals(vector.hex("CIPHERTEXT"), result.getEncapsulation(), "ciphertext");
            assertArrayEquals(vector.hex("SHARED"), result.getSecret(), "secret");
        }
    }

    @Test
    void sntrupDecapsulatesWithOpenSshsPrivateKey() throws InvalidKeyException {
        for (Vector vector : SNTRUP.vectors()) {
            assertArrayEquals(vector.hex("SHARED"), PostQuantumKem.SNTRUP_761.decapsulate(
                    sntrupPrivateKey(vector.hex("PRIVATE")), vector.hex("CIPHERTEXT")));
        }
    }

    /** OpenSSH's secret key: f (191 bytes) || 1/g mod 3 (191) || public key (1158) || rho (191) || hash prefix (32). */
    static SNTRUPrimePrivateKeyParameters sntrupPrivateKey(byte[] encoded) {
        return new SNTRUPrimePrivateKeyParameters(SNTRUPrimeParameters.sntrup761, Arrays.copyOfRange(encoded, 0, 191),
                Arrays.copyOfRange(encoded, 191, 382), Arrays.copyOfRange(encoded, 382, 1540),
                Arrays.copyOfRange(encoded, 1540, 1731), Arrays.copyOfRange(encoded, 1731, 1763));
    }

    @Test
    void kemSizesAreThoseOfTheSpecifications() {
        assertEquals(1184, PostQuantumKem.ML_KEM_768.publicKeyLength());
        assertEquals(1088, PostQuantumKem.ML_KEM_768.ciphertextLength());
        assertEquals(1158, PostQuantumKem.SNTRUP_761.publicKeyLength());
        assertEquals(1039, PostQuantumKem.SNTRUP_761.ciphertextLength());
    }
}
