// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * An OpenSSH certificate (OpenSSH PROTOCOL.certkeys): a public key, what it may be used for and by
 * whom, signed by a certificate authority's key. It is a {@link PublicKey} whose algorithm is its
 * certificate type ({@code ssh-ed25519-cert-v01@openssh.com} and so on), so that a certificate is
 * never taken for its plain key; {@link #getEncoded()} is the certificate blob.
 *
 * <p>Decoding checks the format only. Whether the authority's signature holds is for the
 * signature algorithm that reads certificates off the wire; whether the authority is trusted, and
 * the certificate valid now for this principal, is for the server's or client's policy
 * ({@link #checkValid}).
 */
public final class OpenSshCertificate implements PublicKey {
    private static final long serialVersionUID = 1L;
    /** The ending of every certificate key type name. */
    public static final String SUFFIX = "-cert-v01@openssh.com";
    private static final String SECURITY_KEY_DOMAIN = "@openssh.com";
    /** {@code valid before} of a certificate that never expires. */
    private static final long FOREVER = -1L;

    /** Whom a certificate speaks for. */
    public enum Kind {
        /** SSH2_CERT_TYPE_USER: a user's key, for user authentication. */
        USER,
        /** SSH2_CERT_TYPE_HOST: a host key. */
        HOST
    }

    private final String certificateType;
    private final PublicKey key;
    private final long serial;
    private final Kind kind;
    private final String keyId;
    private final List<String> principals;
    private final long validAfter;
    private final long validBefore;
    private final Map<String, String> criticalOptions;
    private final Map<String, String> extensions;
    private final PublicKey signatureKey;
    private final byte[] signature;
    /** Where the authority's signature starts in {@link #encoded}: what comes before is what it signed. */
    private final int signedLength;
    private final byte[] encoded;

    private OpenSshCertificate(String certificateType, PublicKey key, long serial, Kind kind, String keyId,
            List<String> principals, long validAfter, long validBefore, Map<String, String> criticalOptions,
            Map<String, String> extensions, PublicKey signatureKey, byte[] signature, int signedLength,
            byte[] encoded) {
        this.certificateType = certificateType;
        this.key = key;
        this.serial = serial;
        this.kind = kind;
        this.keyId = keyId;
        this.principals = principals;
        this.validAfter = validAfter;
        this.validBefore = validBefore;
        this.criticalOptions = criticalOptions;
        this.extensions = extensions;
        this.signatureKey = signatureKey;
        this.signature = signature;
        this.signedLength = signedLength;
        this.encoded = encoded;
    }

    /** Whether {@code keyType} names a certificate type. */
    public static boolean isCertificateType(String keyType) {
        return keyType.endsWith(SUFFIX);
    }

    /**
     * The plain name under a certificate name, which is also the name its signatures carry:
     * {@code ssh-ed25519} for {@code ssh-ed25519-cert-v01@openssh.com}, {@code rsa-sha2-512} for
     * {@code rsa-sha2-512-cert-v01@openssh.com}, {@code sk-ssh-ed25519@openssh.com} for
     * {@code sk-ssh-ed25519-cert-v01@openssh.com}; any other name unchanged.
     */
    public static String plainType(String name) {
        if (!isCertificateType(name)) {
            return name;
        }
        String plain = name.substring(0, name.length() - SUFFIX.length());
        // a security key's own name ends in @openssh.com too (PROTOCOL.u2f)
        return plain.startsWith("sk-") ? plain + SECURITY_KEY_DOMAIN : plain;
    }

    /** The certificate name for a plain key type, the inverse of {@link #plainType}. */
    public static String certificateType(String plainType) {
        String base = plainType.startsWith("sk-") && plainType.endsWith(SECURITY_KEY_DOMAIN)
                ? plainType.substring(0, plainType.length() - SECURITY_KEY_DOMAIN.length()) : plainType;
        return base + SUFFIX;
    }

    /**
     * Reads a certificate blob.
     *
     * @throws InvalidKeySpecException if it is malformed, of a key type this bundle does not read,
     *     or has options out of order or repeated (which OpenSSH refuses too)
     */
    public static OpenSshCertificate decode(byte[] blob) throws GeneralSecurityException {
        WireReader in = new WireReader(blob);
        try {
            String certificateType = in.readUtf8();
            if (!isCertificateType(certificateType)) {
                throw new InvalidKeySpecException("not a certificate: " + PeerText.printable(certificateType, 64));
            }
            String plainType = plainType(certificateType);
            KeyType type = SecurityKeyPublicKey.isSecurityKeyType(plainType) ? null : KeyType.of(plainType);
            in.readString(); // the nonce, which only makes the signed data unpredictable
            PublicKey key = type == null ? SecurityKeyPublicKey.decodeFields(plainType, in)
                    : PublicKeyBlob.decodeBody(type, in);
            long serial = in.readUint64();
            int kindCode = in.readUint32();
            if (kindCode != 1 && kindCode != 2) {
                throw new InvalidKeySpecException("certificate of unknown kind " + Integer.toUnsignedString(kindCode));
            }
            String keyId = in.readUtf8();
            List<String> principals = new ArrayList<>();
            WireReader packed = new WireReader(in.readString());
            while (!packed.isEmpty()) {
                principals.add(packed.readUtf8());
            }
            long validAfter = in.readUint64();
            long validBefore = in.readUint64();
            Map<String, String> criticalOptions = options(in.readString(), "critical option");
            Map<String, String> extensions = options(in.readString(), "extension");
            in.readString(); // reserved
            PublicKey signatureKey = PublicKeyBlob.decode(in.readString());
            if (signatureKey instanceof OpenSshCertificate) {
                throw new InvalidKeySpecException("a certificate signed by a certificate");
            }
            int signedLength = in.position();
            byte[] signature = in.readString();
            in.expectEnd("certificate");
            return new OpenSshCertificate(certificateType, key, serial, kindCode == 1 ? Kind.USER : Kind.HOST, keyId,
                    Collections.unmodifiableList(principals), validAfter, validBefore, criticalOptions, extensions,
                    signatureKey, signature, signedLength, blob.clone());
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("malformed certificate: " + e.getMessage(), e);
        }
    }

    /** Critical options or extensions: names in order, each once, values as strings or empty for flags. */
    private static Map<String, String> options(byte[] data, String what) throws WireFormatException,
            InvalidKeySpecException {
        Map<String, String> options = new LinkedHashMap<>();
        WireReader in = new WireReader(data);
        String previous = null;
        while (!in.isEmpty()) {
            String name = in.readUtf8();
            byte[] value = in.readString();
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new InvalidKeySpecException("certificate " + what + "s out of order or repeated at "
                        + PeerText.printable(name, 64));
            }
            previous = name;
            if (value.length == 0) {
                options.put(name, "");
            } else {
                WireReader inner = new WireReader(value);
                options.put(name, inner.readUtf8());
                inner.expectEnd(what + " " + name);
            }
        }
        return Collections.unmodifiableMap(options);
    }

    /**
     * Whether the certificate may be used now, as sshd and ssh check it: of the right kind,
     * within its validity period, and naming {@code principal}.
     *
     * @param principal the user name (user certificates) or host name (host certificates), or null
     *     when the caller checks the principals itself (sshd's {@code principals=} lines)
     * @return null if valid, else why not
     */
    public String checkValid(Kind expected, String principal, Instant now) {
        if (kind != expected) {
            return "a " + kind.name().toLowerCase(Locale.ROOT) + " certificate where a "
                    + expected.name().toLowerCase(Locale.ROOT) + " certificate is needed";
        }
        long seconds = now.getEpochSecond();
        if (Long.compareUnsigned(seconds, validAfter) < 0) {
            return "certificate not yet valid";
        }
        if (validBefore != FOREVER && Long.compareUnsigned(seconds, validBefore) >= 0) {
            return "certificate expired";
        }
        if (kind == Kind.HOST && !criticalOptions.isEmpty()) {
            // sshkey_cert_check_host: no critical option is defined for hosts, so any is refused
            return "host certificate with critical options";
        }
        if (principal != null && principals.isEmpty() && kind == Kind.USER) {
            return "certificate names no principals";
        }
        // an empty list names every host, as ssh reads host certificates (require_principal=0)
        if (principal != null && !principals.isEmpty() && !principals.contains(principal)) {
            return "certificate not valid for " + PeerText.printable(principal, 64);
        }
        return null;
    }

    /** The certificate type, e.g. {@code ssh-ed25519-cert-v01@openssh.com}. */
    public String certificateType() {
        return certificateType;
    }

    /** The type of the key it certifies, e.g. {@code ssh-ed25519}. */
    public String keyType() {
        return plainType(certificateType);
    }

    /** The certified key, whose private half signs authentications. */
    public PublicKey key() {
        return key;
    }

    public long serial() {
        return serial;
    }

    public Kind kind() {
        return kind;
    }

    /** The key identifier, logged by servers to say whose certificate was used. */
    public String keyId() {
        return keyId;
    }

    /** User or host names it is valid for; an empty list names none (OpenSSH then refuses it). */
    public List<String> principals() {
        return principals;
    }

    /** The start of the validity period. */
    public Instant validAfter() {
        return instant(validAfter);
    }

    /** The end of the validity period, or {@link Instant#MAX} for none. */
    public Instant validBefore() {
        return instant(validBefore);
    }

    /** An unsigned count of seconds; past what {@link Instant} holds (forever, or nearly), {@link Instant#MAX}. */
    private static Instant instant(long unsignedSeconds) {
        return Long.compareUnsigned(unsignedSeconds, Instant.MAX.getEpochSecond()) > 0 ? Instant.MAX
                : Instant.ofEpochSecond(unsignedSeconds);
    }

    /**
     * Options a server must understand or refuse the certificate: {@code force-command},
     * {@code source-address}, {@code verify-required}.
     */
    public Map<String, String> criticalOptions() {
        return criticalOptions;
    }

    /** Permissions ({@code permit-pty}, {@code permit-port-forwarding}, ...) that may be ignored. */
    public Map<String, String> extensions() {
        return extensions;
    }

    /** The authority's key that signed the certificate. */
    public PublicKey signatureKey() {
        return signatureKey;
    }

    /** The authority's signature blob ({@code string algorithm, string signature}). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the authority signed: the blob up to the signature. */
    public byte[] signedData() {
        return Arrays.copyOf(encoded, signedLength);
    }

    @Override
    public String getAlgorithm() {
        return certificateType;
    }

    @Override
    public String getFormat() {
        return "OpenSSH certificate";
    }

    @Override
    public byte[] getEncoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenSshCertificate certificate && Arrays.equals(encoded, certificate.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return certificateType + " id \"" + PeerText.printable(keyId, 128) + "\" serial " + Long.toUnsignedString(serial);
    }
}
