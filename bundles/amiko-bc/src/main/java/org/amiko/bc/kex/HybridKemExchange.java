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
 * A post-quantum KEM combined with X25519, as OpenSSH's {@code kexmlkem768x25519.c} and
 * {@code kexsntrup761x25519.c} do it (draft-ietf-sshm-mlkem-hybrid-kex section 2.1,
 * draft-josefsson-ntruprime-ssh section 2):
 * <ul>
 * <li>the client sends {@code Q_C = kem_public_key || x25519_public} (raw, concatenated);</li>
 * <li>the server encapsulates to the KEM key, makes an ephemeral X25519 key and replies with
 *     {@code Q_S = kem_ciphertext || x25519_public};</li>
 * <li>{@code K = HASH(kem_secret || x25519_secret)}, encoded as an SSH {@code string} (not an mpint)
 *     wherever it is hashed, HASH being the exchange hash's own digest.</li>
 * </ul>
 * Either value of the wrong length is refused, as is an all-zero X25519 secret; so is an ML-KEM key
 * that fails the FIPS 203 modulus check.
 */
abstract class HybridKemExchange implements KexAlgorithm {
    private final PostQuantumKem kem;
    private final String digest;

    HybridKemExchange(PostQuantumKem kem, String digest) {
        this.kem = kem;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        AsymmetricCipherKeyPair kemPair = kem.generate(random);
        return client(kemPair, XdhCurve.X25519.newPrivate(random));
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        return encapsulate(clientPublic, random, null);
    }

    /** The client half from given key pairs, the X25519 one a JDK key pair; package-private for the known answers. */
    final ClientKex client(AsymmetricCipherKeyPair kemPair, KeyPair x25519) throws GeneralSecurityException {
        return client(kemPair, XdhCurve.X25519.privateScalar(x25519.getPrivate()));
    }

    private ClientKex client(AsymmetricCipherKeyPair kemPair, byte[] x25519Private) throws GeneralSecurityException {
        byte[] kemPublic = kem.encodePublic(kemPair.getPublic());
        byte[] publicValue = concat(kemPublic, XdhCurve.X25519.publicValue(x25519Private));
        AsymmetricKeyParameter kemPrivate = kemPair.getPrivate();
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                int ciphertextLength = kem.ciphertextLength();
                if (serverPublic.length != ciphertextLength + XdhCurve.X25519.length()) {
                    throw new InvalidKeyException(kem + " hybrid reply must be "
                            + (ciphertextLength + XdhCurve.X25519.length()) + " bytes, not " + serverPublic.length);
                }
                byte[] kemSecret = kem.decapsulate(kemPrivate, Arrays.copyOf(serverPublic, ciphertextLength));
                byte[] x25519Secret = XdhCurve.X25519.agree(x25519Private,
                        Arrays.copyOfRange(serverPublic, ciphertextLength, serverPublic.length));
                return sharedSecret(kemSecret, x25519Secret);
            }
        };
    }

    /**
     * The server half; package-private for the known answers, which pass the X25519 key pair as JDK
     * keys (null: make one from {@code random} after the encapsulation, in OpenSSH's order).
     */
    final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random, KeyPair x25519)
            throws GeneralSecurityException {
        int publicKeyLength = kem.publicKeyLength();
        if (clientPublic.length != publicKeyLength + XdhCurve.X25519.length()) {
            throw new InvalidKeyException(kem + " hybrid client value must be "
                    + (publicKeyLength + XdhCurve.X25519.length()) + " bytes, not " + clientPublic.length);
        }
        SecretWithEncapsulation kemResult = kem.encapsulate(Arrays.copyOf(clientPublic, publicKeyLength), random);
        byte[] ours = null;
        try {
            ours = x25519 != null ? XdhCurve.X25519.privateScalar(x25519.getPrivate())
                    : XdhCurve.X25519.newPrivate(random);
            byte[] x25519Secret = XdhCurve.X25519.agree(ours,
                    Arrays.copyOfRange(clientPublic, publicKeyLength, clientPublic.length));
            byte[] serverPublic = concat(kemResult.getEncapsulation(), XdhCurve.X25519.publicValue(ours));
            return new Encapsulation(serverPublic, sharedSecret(kemResult.getSecret(), x25519Secret));
        } finally {
            destroy(kemResult);
            if (ours != null) {
                Arrays.fill(ours, (byte) 0);
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

    /** {@code string(HASH(kem_secret || x25519_secret))}; wipes both inputs. */
    private byte[] sharedSecret(byte[] kemSecret, byte[] x25519Secret) throws GeneralSecurityException {
        MessageDigest hash = MessageDigest.getInstance(digest);
        hash.update(kemSecret);
        hash.update(x25519Secret);
        byte[] combined = hash.digest();
        Arrays.fill(kemSecret, (byte) 0);
        Arrays.fill(x25519Secret, (byte) 0);
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
