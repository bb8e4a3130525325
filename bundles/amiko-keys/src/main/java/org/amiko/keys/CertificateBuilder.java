// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * Issues OpenSSH certificates (OpenSSH PROTOCOL.certkeys), as {@code ssh-keygen -s} does: the
 * fields, then the authority's signature over them, made by whatever holds the authority's
 * private key (a signature algorithm, an agent). User certificates carry ssh-keygen's default
 * permissions unless {@link #extensions} says otherwise.
 */
public final class CertificateBuilder {
    /** ssh-keygen's default extensions for user certificates. */
    public static final List<String> DEFAULT_USER_EXTENSIONS = List.of("permit-X11-forwarding",
            "permit-agent-forwarding", "permit-port-forwarding", "permit-pty", "permit-user-rc");

    /** Signs the certificate's data with the authority's key, giving a signature blob. */
    @FunctionalInterface
    public interface AuthoritySigner {
        byte[] sign(byte[] data) throws GeneralSecurityException;
    }

    private final OpenSshCertificate.Kind kind;
    private final PublicKey key;
    private long serial;
    private String keyId = "";
    private List<String> principals = List.of();
    private long validAfter;
    private long validBefore = -1L;
    private final Map<String, String> criticalOptions = new TreeMap<>();
    private final Map<String, String> extensions = new TreeMap<>();

    private CertificateBuilder(OpenSshCertificate.Kind kind, PublicKey key) {
        this.kind = kind;
        this.key = Objects.requireNonNull(key, "key");
        if (kind == OpenSshCertificate.Kind.USER) {
            DEFAULT_USER_EXTENSIONS.forEach(name -> extensions.put(name, ""));
        }
    }

    /** A certificate for {@code key}, valid forever for no principal until told otherwise. */
    public static CertificateBuilder of(OpenSshCertificate.Kind kind, PublicKey key) {
        return new CertificateBuilder(kind, key);
    }

    public CertificateBuilder serial(long value) {
        serial = value;
        return this;
    }

    public CertificateBuilder keyId(String value) {
        keyId = Objects.requireNonNull(value);
        return this;
    }

    public CertificateBuilder principals(List<String> names) {
        principals = List.copyOf(names);
        return this;
    }

    /**
     * The validity period, {@code after} included and {@code before} not; {@link Instant#MAX} as
     * {@code before} means forever.
     *
     * @throws IllegalArgumentException for a time before 1970 or a period that ends before it starts
     */
    public CertificateBuilder validity(Instant after, Instant before) {
        if (after.getEpochSecond() < 0 || !before.isAfter(after)) {
            throw new IllegalArgumentException("validity from " + after + " to " + before);
        }
        validAfter = after.getEpochSecond();
        validBefore = before.equals(Instant.MAX) ? -1L : before.getEpochSecond();
        return this;
    }

    /** A critical option such as {@code force-command} or {@code source-address}. */
    public CertificateBuilder criticalOption(String name, String value) {
        criticalOptions.put(name, value);
        return this;
    }

    /** Replaces the extensions: flags such as {@code permit-pty} (empty values). */
    public CertificateBuilder extensions(Map<String, String> values) {
        extensions.clear();
        extensions.putAll(values);
        return this;
    }

    /**
     * Signs the certificate.
     *
     * @param authority the authority's public key, written into the certificate
     * @throws InvalidKeyException if either key has no SSH key type or {@code key} is a certificate
     */
    public OpenSshCertificate sign(PublicKey authority, AuthoritySigner signer, SecureRandom random)
            throws GeneralSecurityException {
        if (key instanceof OpenSshCertificate) {
            throw new InvalidKeyException("a certificate cannot be certified");
        }
        WireReader keyFields = new WireReader(PublicKeyBlob.encode(key));
        WireWriter out = new WireWriter(1024);
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        try {
            out.writeString(OpenSshCertificate.certificateType(keyFields.readUtf8()));
        } catch (WireFormatException e) {
            throw new InvalidKeyException(e);
        }
        out.writeString(nonce).writeBytes(keyFields.readRemaining()).writeUint64(serial)
                .writeUint32(kind == OpenSshCertificate.Kind.USER ? 1 : 2).writeString(keyId);
        WireWriter packed = new WireWriter(64);
        principals.forEach(packed::writeString);
        out.writeString(packed.toByteArray()).writeUint64(validAfter).writeUint64(validBefore)
                .writeString(options(criticalOptions)).writeString(options(extensions)).writeString(new byte[0])
                .writeString(PublicKeyBlob.encode(authority));
        byte[] signed = out.toByteArray();
        byte[] blob = new WireWriter(signed.length + 512).writeBytes(signed).writeString(signer.sign(signed))
                .toByteArray();
        return OpenSshCertificate.decode(blob);
    }

    private static byte[] options(Map<String, String> options) {
        WireWriter out = new WireWriter(64);
        for (Map.Entry<String, String> option : options.entrySet()) {
            out.writeString(option.getKey());
            out.writeString(option.getValue().isEmpty() ? new byte[0]
                    : new WireWriter(8 + option.getValue().length()).writeString(option.getValue()).toByteArray());
        }
        return out.toByteArray();
    }
}
