// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.DestroyFailedException;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * A post-quantum KEM combined with a classical Diffie-Hellman share, as OpenSSH's
 * {@code kexmlkem768x25519.c}, {@code kexmlkem768ecdh.c} and {@code kexsntrup761x25519.c} do it
 * (draft-ietf-sshm-mlkem-hybrid-kex section 2, draft-josefsson-ntruprime-ssh section 2):
 * <ul>
 * <li>the client sends {@code C_INIT = kem_public_key || classical_public} (raw, concatenated);</li>
 * <li>the server encapsulates to the KEM key, makes an ephemeral classical share and replies with
 *     {@code S_REPLY = kem_ciphertext || classical_public};</li>
 * <li>{@code K = HASH(kem_secret || classical_secret)}, encoded as an SSH {@code string} (not an
 *     mpint) wherever it is hashed, HASH being the exchange hash's own digest; the classical secret
 *     is raw and fixed-length ({@link ClassicalShare}).</li>
 * </ul>
 * Either value of the wrong length is refused, as is an all-zero X25519 secret or a point off its
 * curve; so is an ML-KEM key that fails the FIPS 203 modulus check.
 */
abstract class HybridKemExchange implements KexAlgorithm {
    private final PostQuantumKem kem;
    private final ClassicalShare.Curve classical;
    private final String digest;

    HybridKemExchange(PostQuantumKem kem, ClassicalShare.Curve classical, String digest) {
        this.kem = kem;
        this.classical = classical;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        AsymmetricCipherKeyPair kemPair = kem.generate(random);
        return client(kemPair, classical.newShare(random));
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        return encapsulate(clientPublic, random, null);
    }

    /** The client half from given key pairs, an X25519 hybrid's X25519 one a JDK key pair; for the known answers. */
    final ClientKex client(AsymmetricCipherKeyPair kemPair, KeyPair x25519) throws GeneralSecurityException {
        return client(kemPair, x25519Share(x25519));
    }

    /** A known answer's X25519 key pair as a share; only an X25519 hybrid takes one. */
    private ClassicalShare x25519Share(KeyPair x25519) throws GeneralSecurityException {
        if (classical != X25519Share.CURVE) {
            throw new IllegalStateException(classical + " hybrid given an X25519 key pair");
        }
        return new X25519Share(XdhCurve.X25519.privateScalar(x25519.getPrivate()));
    }

    private ClientKex client(AsymmetricCipherKeyPair kemPair, ClassicalShare share) {
        byte[] kemPublic = kem.encodePublic(kemPair.getPublic());
        byte[] publicValue = concat(kemPublic, share.publicValue());
        AsymmetricKeyParameter kemPrivate = kemPair.getPrivate();
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                int ciphertextLength = kem.ciphertextLength();
                if (serverPublic.length != ciphertextLength + classical.publicLength()) {
                    throw new InvalidKeyException(kem + " hybrid reply must be "
                            + (ciphertextLength + classical.publicLength()) + " bytes, not " + serverPublic.length);
                }
                try {
                    byte[] kemSecret = kem.decapsulate(kemPrivate, Arrays.copyOf(serverPublic, ciphertextLength));
                    byte[] classicalSecret = share.agree(Arrays.copyOfRange(serverPublic, ciphertextLength,
                            serverPublic.length));
                    return sharedSecret(kemSecret, classicalSecret);
                } finally {
                    share.destroy();
                }
            }
        };
    }

    /**
     * The server half; package-private for the known answers, which pass an X25519 hybrid's X25519
     * key pair as JDK keys (null: make a share from {@code random} after the encapsulation, in
     * OpenSSH's order).
     */
    final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random, KeyPair x25519)
            throws GeneralSecurityException {
        int publicKeyLength = kem.publicKeyLength();
        if (clientPublic.length != publicKeyLength + classical.publicLength()) {
            throw new InvalidKeyException(kem + " hybrid client value must be "
                    + (publicKeyLength + classical.publicLength()) + " bytes, not " + clientPublic.length);
        }
        SecretWithEncapsulation kemResult = kem.encapsulate(Arrays.copyOf(clientPublic, publicKeyLength), random);
        ClassicalShare ours = null;
        try {
            ours = x25519 != null ? x25519Share(x25519) : classical.newShare(random);
            byte[] classicalSecret = ours.agree(Arrays.copyOfRange(clientPublic, publicKeyLength, clientPublic.length));
            byte[] serverPublic = concat(kemResult.getEncapsulation(), ours.publicValue());
            return new Encapsulation(serverPublic, sharedSecret(kemResult.getSecret(), classicalSecret));
        } finally {
            destroy(kemResult);
            if (ours != null) {
                ours.destroy();
            }
        }
    }

    /** Wipes Bouncy Castle's copy of the KEM secret (getSecret hands out clones). */
    private static void destroy(SecretWithEncapsulation result) {
        try {
            result.destroy();
        } catch (DestroyFailedException e) {
            // nothing else holds the secret that we could reach
        }
    }

    /** {@code string(HASH(kem_secret || classical_secret))}; wipes both inputs. */
    private byte[] sharedSecret(byte[] kemSecret, byte[] classicalSecret) throws GeneralSecurityException {
        MessageDigest hash = MessageDigest.getInstance(digest);
        hash.update(kemSecret);
        hash.update(classicalSecret);
        byte[] combined = hash.digest();
        Arrays.fill(kemSecret, (byte) 0);
        Arrays.fill(classicalSecret, (byte) 0);
        WireWriter out = new WireWriter(4 + combined.length);
        out.writeString(combined);
        Arrays.fill(combined, (byte) 0);
        byte[] encoded = out.toByteArray();
        out.wipe();
        return encoded;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
