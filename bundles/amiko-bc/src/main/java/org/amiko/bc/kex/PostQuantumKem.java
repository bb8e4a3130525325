// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

/**
 * The post-quantum half of a hybrid key exchange, on Bouncy Castle's lightweight KEMs: ML-KEM-768
 * and ML-KEM-1024 (FIPS 203) and sntrup761 (Streamlined NTRU Prime, as in SUPERCOP and OpenSSH). Public keys and
 * ciphertexts are the raw encodings both specifications define; lengths are checked by the caller.
 * Decapsulation never fails on a well-sized ciphertext: both KEMs reject implicitly, yielding a
 * pseudo-random secret that makes the exchange hash, and so the host-key signature, fail.
 */
enum PostQuantumKem {
    /** FIPS 203 ML-KEM-768: 1184-byte encapsulation key, 1088-byte ciphertext, 32-byte secret. */
    ML_KEM_768(1184, 1088, MLKEMParameters.ml_kem_768),

    /** FIPS 203 ML-KEM-1024: 1568-byte encapsulation key, 1568-byte ciphertext, 32-byte secret. */
    ML_KEM_1024(1568, 1568, MLKEMParameters.ml_kem_1024),

    /** sntrup761: 1158-byte public key, 1039-byte ciphertext, 32-byte secret. */
    SNTRUP_761(1158, 1039, null) {
        @Override
        AsymmetricCipherKeyPair generate(SecureRandom random) {
            SNTRUPrimeKeyPairGenerator generator = new SNTRUPrimeKeyPairGenerator();
            generator.init(new SNTRUPrimeKeyGenerationParameters(random, SNTRUPrimeParameters.sntrup761));
            return generator.generateKeyPair();
        }

        @Override
        byte[] encodePublic(AsymmetricKeyParameter key) {
            return ((SNTRUPrimePublicKeyParameters) key).getEncoded();
        }

        @Override
        SecretWithEncapsulation encapsulate(byte[] publicKey, SecureRandom random) throws InvalidKeyException {
            try {
                // sntrup761 has no public-key check; OpenSSH too checks only the length.
                SNTRUPrimePublicKeyParameters key = new SNTRUPrimePublicKeyParameters(SNTRUPrimeParameters.sntrup761,
                        publicKey);
                return new SNTRUPrimeKEMGenerator(random).generateEncapsulated(key);
            } catch (IllegalArgumentException e) {
                throw invalid("sntrup761 public key", e);
            }
        }

        @Override
        byte[] decapsulate(AsymmetricKeyParameter privateKey, byte[] ciphertext) throws InvalidKeyException {
            try {
                return new SNTRUPrimeKEMExtractor((SNTRUPrimePrivateKeyParameters) privateKey).extractSecret(ciphertext);
            } catch (IllegalArgumentException e) {
                throw invalid("sntrup761 ciphertext", e);
            }
        }
    };

    private final int publicKeyLength;
    private final int ciphertextLength;
    /** The ML-KEM parameter set, which the methods below serve; null for sntrup761, which overrides them. */
    private final MLKEMParameters mlKem;

    PostQuantumKem(int publicKeyLength, int ciphertextLength, MLKEMParameters mlKem) {
        this.publicKeyLength = publicKeyLength;
        this.ciphertextLength = ciphertextLength;
        this.mlKem = mlKem;
    }

    int publicKeyLength() {
        return publicKeyLength;
    }

    int ciphertextLength() {
        return ciphertextLength;
    }

    /** A fresh key pair from {@code random}. */
    AsymmetricCipherKeyPair generate(SecureRandom random) {
        MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(random, mlKem));
        return generator.generateKeyPair();
    }

    /** The wire encoding of a public key made by {@link #generate}. */
    byte[] encodePublic(AsymmetricKeyParameter key) {
        return ((MLKEMPublicKeyParameters) key).getEncoded();
    }

    /** Encapsulates a fresh secret to a peer's public key of {@link #publicKeyLength()} bytes. */
    SecretWithEncapsulation encapsulate(byte[] publicKey, SecureRandom random) throws InvalidKeyException {
        try {
            // Bouncy Castle runs the FIPS 203 section 7.2 modulus check on the key here.
            return new MLKEMGenerator(random).generateEncapsulated(new MLKEMPublicKeyParameters(mlKem, publicKey));
        } catch (IllegalArgumentException e) {
            throw invalid(mlKem.getName() + " encapsulation key", e);
        }
    }

    /** The secret in a ciphertext of {@link #ciphertextLength()} bytes. */
    byte[] decapsulate(AsymmetricKeyParameter privateKey, byte[] ciphertext) throws InvalidKeyException {
        try {
            return new MLKEMExtractor((MLKEMPrivateKeyParameters) privateKey).extractSecret(ciphertext);
        } catch (IllegalArgumentException e) {
            throw invalid(mlKem.getName() + " ciphertext", e);
        }
    }

    private static InvalidKeyException invalid(String what, IllegalArgumentException cause) {
        InvalidKeyException e = new InvalidKeyException("invalid " + what + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
