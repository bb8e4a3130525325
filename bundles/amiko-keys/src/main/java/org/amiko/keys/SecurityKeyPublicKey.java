// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * A FIDO security key's public key as OpenSSH writes it (PROTOCOL.u2f): an Ed25519 or ECDSA
 * P-256 key and the FIDO application ({@code ssh:} unless chosen otherwise) it was made for. The
 * private half never leaves the authenticator, so these keys only verify here: a server lets a
 * YubiKey-holding user in with one, a client signs with one through an agent.
 *
 * <p>Its algorithm is its SSH key type, as {@link OpenSshCertificate}'s is, so nothing that
 * compares plain keys takes it for the key inside.
 */
public final class SecurityKeyPublicKey implements PublicKey {
    private static final long serialVersionUID = 1L;
    /** PROTOCOL.u2f: an Ed25519 key held by an authenticator. */
    public static final String ED25519 = "sk-ssh-ed25519@openssh.com";
    /** PROTOCOL.u2f: an ECDSA P-256 key held by an authenticator. */
    public static final String ECDSA_NISTP256 = "sk-ecdsa-sha2-nistp256@openssh.com";
    /** FIDO relying party IDs are host names or URLs; no honest one comes near this. */
    private static final int MAX_APPLICATION = 1024;

    private final String keyType;
    private final PublicKey key;
    private final String application;
    private final byte[] encoded;

    private SecurityKeyPublicKey(String keyType, PublicKey key, String application, byte[] encoded) {
        this.keyType = keyType;
        this.key = key;
        this.application = application;
        this.encoded = encoded;
    }

    /** Whether a key type name is one of the two security key types. */
    public static boolean isSecurityKeyType(String keyType) {
        return ED25519.equals(keyType) || ECDSA_NISTP256.equals(keyType);
    }

    /**
     * A security key for {@code key} (Ed25519, or ECDSA on P-256) made for {@code application}.
     *
     * @throws InvalidKeySpecException for any other key or an empty application
     */
    public static SecurityKeyPublicKey of(PublicKey key, String application) throws InvalidKeySpecException {
        KeyType plain;
        try {
            plain = JdkKeys.typeOf(key);
        } catch (InvalidKeyException e) {
            plain = null;
        }
        if (plain != KeyType.ED25519 && plain != KeyType.ECDSA_NISTP256) {
            throw new InvalidKeySpecException("a security key is Ed25519 or ECDSA P-256, not " + key.getAlgorithm());
        }
        String type = plain == KeyType.ED25519 ? ED25519 : ECDSA_NISTP256;
        if (application.isEmpty() || application.length() > MAX_APPLICATION) {
            throw new InvalidKeySpecException("a security key's application must be 1 to " + MAX_APPLICATION + " chars");
        }
        WireWriter out = new WireWriter(160).writeString(type);
        PublicKeyBlob.encodeBody(plain, key, out);
        return new SecurityKeyPublicKey(type, key, application, out.writeString(application).toByteArray());
    }

    /** Decodes the blob after its type name, for a type {@link #isSecurityKeyType} took. */
    static SecurityKeyPublicKey decode(String type, WireReader in) throws WireFormatException, InvalidKeySpecException {
        SecurityKeyPublicKey key = decodeFields(type, in);
        in.expectEnd(type + " public key blob");
        return key;
    }

    /** Reads the key's fields, as a blob or a certificate (PROTOCOL.certkeys) holds them, and no further. */
    static SecurityKeyPublicKey decodeFields(String type, WireReader in) throws WireFormatException,
            InvalidKeySpecException {
        KeyType plain = type.equals(ED25519) ? KeyType.ED25519 : KeyType.ECDSA_NISTP256;
        PublicKey key = PublicKeyBlob.decodeBody(plain, in);
        byte[] applicationBytes = in.readString();
        String application = new String(applicationBytes, StandardCharsets.UTF_8);
        if (application.isEmpty() || applicationBytes.length > MAX_APPLICATION) {
            throw new InvalidKeySpecException("security key application of " + applicationBytes.length + " bytes: "
                    + PeerText.printable(application, 64));
        }
        return of(key, application);
    }

    /** {@link #ED25519} or {@link #ECDSA_NISTP256}. */
    public String keyType() {
        return keyType;
    }

    /** The Ed25519 or P-256 key the authenticator signs with. */
    public PublicKey key() {
        return key;
    }

    /** The FIDO application (relying party ID) the key was made for, e.g. {@code ssh:}. */
    public String application() {
        return application;
    }

    @Override
    public String getAlgorithm() {
        return keyType;
    }

    @Override
    public String getFormat() {
        return "SSH";
    }

    /** The SSH public key blob. */
    @Override
    public byte[] getEncoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecurityKeyPublicKey that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return keyType + " for " + PeerText.printable(application, 64);
    }
}
