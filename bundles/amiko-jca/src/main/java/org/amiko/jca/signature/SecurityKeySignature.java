// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * OpenSSH's FIDO security key signatures (PROTOCOL.u2f), which only verify here: the private key
 * never leaves the authenticator. The blob is {@code string name || string signature || byte flags
 * || uint32 counter}, and what the authenticator signed is not the data itself but FIDO's
 * authenticator data and client data hash: {@code SHA-256(application) || flags || counter ||
 * SHA-256(data)}.
 *
 * <p>Verification checks the signature over the flags, not what they say: whether the user had to
 * touch the key, or to be verified, is the server's policy (the key's {@code no-touch-required} and
 * {@code verify-required} options in sshd), which reads them through {@link #authenticatorFlags}.
 */
abstract class SecurityKeySignature implements SignatureAlgorithm {
    /** PROTOCOL.u2f / sk-api.h {@code SSH_SK_USER_PRESENCE_REQD}: the user touched the key. */
    static final int USER_PRESENT = 0x01;

    private final String name;
    private final String jcaName;

    SecurityKeySignature(String name, String jcaName) {
        this.name = name;
        this.jcaName = jcaName;
    }

    /** The JCA's form of the SSH signature bytes for the authenticator's key, or null if malformed. */
    abstract byte[] toJca(byte[] sshSignature, PublicKey key);

    @Override
    public final String keyType() {
        return name;
    }

    @Override
    public final boolean supports(Key key) {
        return key instanceof SecurityKeyPublicKey securityKey && securityKey.keyType().equals(name);
    }

    @Override
    public final boolean canSign() {
        return false;
    }

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
        throw new SignatureException(name + " signs only in its authenticator (through an agent or ssh-sk-helper)");
    }

    @Override
    public final int authenticatorFlags(byte[] signatureBlob) {
        try {
            WireReader reader = new WireReader(signatureBlob);
            if (!name.equals(reader.readUtf8())) {
                return -1;
            }
            reader.readString();
            int flags = reader.readByte();
            reader.readUint32();
            reader.expectEnd(name + " signature blob");
            return flags;
        } catch (WireFormatException malformed) {
            return -1;
        }
    }

    @Override
    public final boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException {
        requireSupported(key);
        SecurityKeyPublicKey securityKey = (SecurityKeyPublicKey) key;
        byte[] signature;
        int flags;
        int counter;
        try {
            WireReader reader = new WireReader(signatureBlob);
            if (!name.equals(reader.readUtf8())) {
                return false;
            }
            signature = reader.readString();
            flags = reader.readByte();
            counter = reader.readUint32();
            reader.expectEnd(name + " signature blob");
        } catch (WireFormatException malformed) {
            return false;
        }
        byte[] jcaSignature = toJca(signature, securityKey.key());
        if (jcaSignature == null) {
            return false;
        }
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(securityKey.key());
        verifier.update(signedMessage(securityKey.application(), flags, counter, data));
        try {
            return verifier.verify(jcaSignature);
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** What the authenticator signed: FIDO's authenticator data, then the client data hash. */
    static byte[] signedMessage(String application, int flags, int counter, byte[] data) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(69);
        message.writeBytes(sha256(application.getBytes(StandardCharsets.UTF_8)));
        message.write(flags);
        message.write(counter >>> 24);
        message.write(counter >>> 16);
        message.write(counter >>> 8);
        message.write(counter);
        message.writeBytes(sha256(data));
        return message.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private void requireSupported(Key key) throws InvalidKeyException {
        KeyBlobs.requireSupported(this, name, key);
    }
}
