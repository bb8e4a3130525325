// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ssh-ed25519} (RFC 8709) on Bouncy Castle's RFC 8032 Ed25519. The key blob is
 * {@code string "ssh-ed25519" || string key} with the 32-byte public encoding (RFC 8709 section 4);
 * the signature blob is {@code string "ssh-ed25519" || string signature} with the 64-byte
 * {@code R || S} of RFC 8032 section 5.1.6 over the unhashed data (section 6).
 *
 * <p>The same wire name as amiko-jca's JDK implementation, and the same bytes: Ed25519 is
 * deterministic, so both sign identically. Ranking 100 makes this one win whenever both bundles are
 * present, because the JDK 17 field arithmetic made a signature cost about 0.6 ms and a verification
 * about 0.8 ms, several times Bouncy Castle's. Keys are the JDK's objects ({@code EdECPrivateKey},
 * {@code EdECPublicKey}), as the rest of Amiko makes them; a private key that does not reveal its
 * seed (a token's) is handed to the JCA, as amiko-jca would.
 *
 * <p>Verification answers {@code false} for anything a peer can send: a blob naming another
 * algorithm, a malformed blob, a signature of the wrong length, a wrong signature.
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ssh-ed25519", preference = 1000, ranking = 100)
public final class SshEd25519 implements SignatureAlgorithm {
    private static final String NAME = "ssh-ed25519";

    public SshEd25519() {}

    @Override
    public String keyType() {
        return NAME;
    }

    @Override
    public boolean supports(Key key) {
        return Ed25519Keys.isEd25519(key);
    }

    @Override
    public PublicKey decodePublicKey(byte[] blob) throws GeneralSecurityException {
        byte[] encoded;
        try {
            WireReader reader = new WireReader(blob);
            String type = reader.readUtf8();
            if (!NAME.equals(type)) {
                throw new InvalidKeySpecException("blob holds a " + PeerText.printable(type, 64) + " key, not one for " + NAME);
            }
            encoded = reader.readString();
            reader.expectEnd(NAME + " key blob");
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("malformed " + NAME + " key blob: " + e.getMessage(), e);
        }
        return Ed25519Keys.decode(encoded);
    }

    @Override
    public byte[] encodePublicKey(PublicKey key) throws GeneralSecurityException {
        requireSupported(key);
        byte[] encoded = Ed25519Keys.encode(key);
        return new WireWriter(4 + NAME.length() + 4 + encoded.length).writeString(NAME).writeString(encoded)
                .toByteArray();
    }

    @Override
    public byte[] sign(PrivateKey key, byte[] data, SecureRandom random) throws GeneralSecurityException {
        requireSupported(key);
        byte[] seed = Ed25519Keys.seed(key);
        byte[] signature;
        if (seed == null) {
            signature = signWithJca(key, data);
        } else {
            signature = new byte[Ed25519.SIGNATURE_SIZE];
            try {
                // Bouncy Castle derives the public key from the seed itself: handing it one from
                // elsewhere would risk a mismatched pair, which leaks the private scalar.
                Ed25519.sign(seed, 0, data, 0, data.length, signature, 0);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
        return new WireWriter(4 + NAME.length() + 4 + signature.length).writeString(NAME).writeString(signature)
                .toByteArray();
    }

    @Override
    public boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException {
        requireSupported(key);
        byte[] publicKey = Ed25519Keys.encode(key);
        byte[] signature = signatureBytes(signatureBlob);
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicKey, 0, data, 0, data.length);
    }

    /** The signature bytes of a blob that names this algorithm and has nothing after; else null. */
    private static byte[] signatureBytes(byte[] blob) {
        try {
            WireReader reader = new WireReader(blob);
            if (!NAME.equals(reader.readUtf8())) {
                return null;
            }
            byte[] signature = reader.readString();
            reader.expectEnd(NAME + " signature blob");
            return signature;
        } catch (WireFormatException malformed) {
            return null;
        }
    }

    /** For a private key whose seed we cannot read: the JCA finds the provider that holds it. */
    private static byte[] signWithJca(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(Ed25519Keys.NAME);
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    private static void requireSupported(Key key) throws InvalidKeyException {
        if (!Ed25519Keys.isEd25519(key)) {
            throw new InvalidKeyException(NAME + " cannot use a " + (key == null ? "missing" : key.getAlgorithm())
                    + " key");
        }
    }
}
