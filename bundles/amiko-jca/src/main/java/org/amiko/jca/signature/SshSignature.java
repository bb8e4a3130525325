// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * What all SSH signature algorithms share (RFC 4253 section 6.6): the blob
 * {@code string algorithm-name || string signature}, public key blobs through
 * {@link PublicKeyBlob}, and a JCA {@link Signature} underneath. Subclasses convert between the
 * JCA's signature bytes and the SSH ones and say which keys they take.
 *
 * <p>Verification answers {@code false} for anything a peer can send: a blob naming another
 * algorithm, a malformed blob, a wrong signature. It throws only for a key this algorithm cannot use.
 */
abstract class SshSignature implements SignatureAlgorithm {
    private final String name;
    private final String keyType;
    private final String jcaName;

    SshSignature(String name, String keyType, String jcaName) {
        this.name = name;
        this.keyType = keyType;
        this.jcaName = jcaName;
    }

    @Override
    public final String keyType() {
        return keyType;
    }

    /** The signature algorithm's wire name. */
    final String name() {
        return name;
    }

    /** The SSH signature bytes (the blob's second string) for the JCA's output. */
    abstract byte[] toSsh(byte[] jcaSignature, Key key) throws GeneralSecurityException;

    /** The JCA's form of the SSH signature bytes, or null if they are malformed. */
    abstract byte[] toJca(byte[] sshSignature, Key key);

    /** Extra demands on a signing key, beyond {@link #supports}. */
    void checkSigningKey(PrivateKey key) throws GeneralSecurityException {}

    @Override
    public final PublicKey decodePublicKey(byte[] blob) throws GeneralSecurityException {
        return KeyBlobs.decode(this, name, blob);
    }

    @Override
    public final byte[] encodePublicKey(PublicKey key) throws GeneralSecurityException {
        return KeyBlobs.encode(this, name, key);
    }

    @Override
    public final byte[] sign(PrivateKey key, byte[] data, SecureRandom random) throws GeneralSecurityException {
        if (!canSign()) {
            throw new SignatureException(name + " is verification-only");
        }
        requireSupported(key);
        checkSigningKey(key);
        Signature signer = Signature.getInstance(jcaName);
        signer.initSign(key, random);
        signer.update(data);
        byte[] signature = toSsh(signer.sign(), key);
        return new WireWriter(signature.length + name.length() + 8).writeString(name).writeString(signature)
                .toByteArray();
    }

    @Override
    public final boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException {
        requireSupported(key);
        byte[] signature = signatureBytes(signatureBlob);
        byte[] jcaSignature = signature == null ? null : toJca(signature, key);
        if (jcaSignature == null) {
            return false;
        }
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(key);
        verifier.update(data);
        try {
            return verifier.verify(jcaSignature);
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** The signature bytes of a blob that names this algorithm and has nothing after; else null. */
    private byte[] signatureBytes(byte[] blob) {
        try {
            WireReader reader = new WireReader(blob);
            if (!name.equals(reader.readUtf8())) {
                // RFC 8332 section 3.2: an rsa-sha2-512 blob is not an rsa-sha2-256 signature.
                return null;
            }
            byte[] signature = reader.readString();
            reader.expectEnd(name + " signature blob");
            return signature;
        } catch (WireFormatException malformed) {
            return null;
        }
    }

    private void requireSupported(Key key) throws InvalidKeyException {
        KeyBlobs.requireSupported(this, name, key);
    }
}
