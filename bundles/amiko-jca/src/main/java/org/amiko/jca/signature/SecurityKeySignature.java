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
import java.util.Arrays;
import java.util.Base64;
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
 * <p>A W3C webauthn signature ({@code webauthn-sk-ecdsa-sha2-nistp256@openssh.com}, made through a
 * browser) adds {@code string origin || string clientData || string extensions} to the blob; the
 * authenticator signed {@code SHA-256(application) || flags || counter || extensions ||
 * SHA-256(clientData)}, and clientData must begin as OpenSSH's {@code webauthn_check_prepare_hash}
 * expects: {@code {"type":"webauthn.get","challenge":"<data, base64url>","origin":"<origin>"}, the
 * origin without a quote, no attested credential data, and the extension flag set exactly when
 * there are extensions.
 *
 * <p>Verification checks the signature over the flags, not what they say: whether the user had to
 * touch the key, or to be verified, is the server's policy (the key's {@code no-touch-required} and
 * {@code verify-required} options in sshd), which reads them through {@link #authenticatorFlags}.
 */
abstract class SecurityKeySignature implements SignatureAlgorithm {
    /** PROTOCOL.u2f / sk-api.h {@code SSH_SK_USER_PRESENCE_REQD}: the user touched the key. */
    static final int USER_PRESENT = 0x01;
    /** FIDO authenticator data flag AT: attested credential data follows, which an assertion never has. */
    private static final int ATTESTED_DATA = 0x40;
    /** FIDO authenticator data flag ED: extension data follows. */
    private static final int EXTENSION_DATA = 0x80;
    /** The name of a webauthn signature by a certified security key, which some clients use in its blob. */
    private static final String WEBAUTHN_CERTIFICATE = "webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com";

    private final String name;
    private final String signatureName;
    private final boolean webauthn;
    private final String jcaName;

    SecurityKeySignature(String name, String jcaName) {
        this(name, name, jcaName);
    }

    /** @param signatureName the name in the signature blob, another than the key's for webauthn */
    SecurityKeySignature(String name, String signatureName, String jcaName) {
        this.name = name;
        this.signatureName = signatureName;
        this.webauthn = signatureName.startsWith("webauthn-");
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
        throw new SignatureException(signatureName + " signs only in its authenticator (through an agent, "
                + "ssh-sk-helper or a browser)");
    }

    @Override
    public final int authenticatorFlags(byte[] signatureBlob) {
        Blob blob = parse(signatureBlob);
        return blob == null ? -1 : blob.flags();
    }

    @Override
    public final boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException {
        requireSupported(key);
        SecurityKeyPublicKey securityKey = (SecurityKeyPublicKey) key;
        Blob blob = parse(signatureBlob);
        if (blob == null) {
            return false;
        }
        byte[] clientDataHash;
        if (webauthn) {
            if (!webauthnClientDataHolds(blob, data)) {
                return false;
            }
            clientDataHash = sha256(blob.clientData());
        } else {
            clientDataHash = sha256(data);
        }
        byte[] jcaSignature = toJca(blob.signature(), securityKey.key());
        if (jcaSignature == null) {
            return false;
        }
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(securityKey.key());
        verifier.update(authenticatorData(securityKey.application(), blob.flags(), blob.counter(), blob.extensions()));
        verifier.update(clientDataHash);
        try {
            return verifier.verify(jcaSignature);
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** A signature blob's fields; the webauthn ones empty for a plain signature. */
    private record Blob(byte[] signature, int flags, int counter, String origin, byte[] clientData,
            byte[] extensions) {}

    /** The blob's fields, or null when it is malformed or another algorithm's. */
    private Blob parse(byte[] signatureBlob) {
        try {
            WireReader reader = new WireReader(signatureBlob);
            String named = reader.readUtf8();
            // ssh_ecdsa_sk_verify also takes a webauthn signature named as the certificate
            // algorithm, as some clients send it (OpenSSH GHPR624)
            if (!signatureName.equals(named) && !(webauthn && named.equals(WEBAUTHN_CERTIFICATE))) {
                return null;
            }
            byte[] signature = reader.readString();
            int flags = reader.readByte();
            int counter = reader.readUint32();
            Blob blob = webauthn
                    ? new Blob(signature, flags, counter, reader.readUtf8(), reader.readString(), reader.readString())
                    : new Blob(signature, flags, counter, "", new byte[0], new byte[0]);
            reader.expectEnd(signatureName + " signature blob");
            return blob;
        } catch (WireFormatException malformed) {
            return null;
        }
    }

    /** OpenSSH's {@code webauthn_check_prepare_hash}: the flags and clientData's fixed beginning. */
    private static boolean webauthnClientDataHolds(Blob blob, byte[] data) {
        if (blob.origin().indexOf('"') >= 0 || blob.origin().indexOf('\0') >= 0
                || (blob.flags() & ATTESTED_DATA) != 0
                || ((blob.flags() & EXTENSION_DATA) == 0) != (blob.extensions().length == 0)) {
            return false;
        }
        byte[] expected = ("{\"type\":\"webauthn.get\",\"challenge\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(data) + "\",\"origin\":\"" + blob.origin()
                + "\"").getBytes(StandardCharsets.UTF_8);
        byte[] clientData = blob.clientData();
        return clientData.length >= expected.length
                && Arrays.equals(clientData, 0, expected.length, expected, 0, expected.length);
    }

    /** What the authenticator signed: FIDO's authenticator data, then the client data hash. */
    static byte[] signedMessage(String application, int flags, int counter, byte[] data) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(69);
        message.writeBytes(authenticatorData(application, flags, counter, new byte[0]));
        message.writeBytes(sha256(data));
        return message.toByteArray();
    }

    /** FIDO's authenticator data: the application's hash, the flags, the counter and any extensions. */
    static byte[] authenticatorData(String application, int flags, int counter, byte[] extensions) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(37 + extensions.length);
        message.writeBytes(sha256(application.getBytes(StandardCharsets.UTF_8)));
        message.write(flags);
        message.write(counter >>> 24);
        message.write(counter >>> 16);
        message.write(counter >>> 8);
        message.write(counter);
        message.writeBytes(extensions);
        return message.toByteArray();
    }

    static byte[] sha256(byte[] bytes) {
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
