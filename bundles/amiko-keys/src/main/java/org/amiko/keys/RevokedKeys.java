// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * Keys that may no longer authenticate, as sshd's {@code RevokedKeys} file lists them
 * (sshd_config(5)): either an OpenSSH key revocation list (KRL, OpenSSH PROTOCOL.krl) as
 * {@code ssh-keygen -k} writes it, or text with one public key per line ({@code #} comments and
 * blank lines allowed).
 *
 * <p>A key is revoked when its plain key is listed (by blob, SHA-1 or SHA-256 hash); a certificate
 * also when the authority that signed it is, or when the KRL revokes it by serial number or key
 * ID under its authority, as OpenSSH's {@code ssh_krl_check_key} decides. Anything this class
 * cannot read in full is refused with an exception, never half-read: a server that cannot tell
 * what is revoked must let no key in (sshd refuses public key authentication then).
 */
public final class RevokedKeys {
    /** "SSHKRL\n\0" (PROTOCOL.krl section 1). */
    static final long KRL_MAGIC = 0x5353484b524c0a00L;
    /** No revocation list needs more; a bound keeps a wrong path from filling the heap. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final Set<ByteBuffer> keys;
    private final Set<ByteBuffer> sha1;
    private final Set<ByteBuffer> sha256;
    private final List<RevokedCertificates> certificates;

    RevokedKeys(Set<ByteBuffer> keys, Set<ByteBuffer> sha1, Set<ByteBuffer> sha256,
            List<RevokedCertificates> certificates) {
        this.keys = Set.copyOf(keys);
        this.sha1 = Set.copyOf(sha1);
        this.sha256 = Set.copyOf(sha256);
        this.certificates = List.copyOf(certificates);
    }

    /** A list that revokes nothing. */
    public static RevokedKeys none() {
        return new RevokedKeys(Set.of(), Set.of(), Set.of(), List.of());
    }

    /**
     * Reads a KRL or a text list; which one is told by the KRL's magic number.
     *
     * @throws IOException if the file cannot be read (a missing file included) or is not a valid
     *     list: the cause is then a {@link ParseException}
     */
    public static RevokedKeys load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (ParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the content of a KRL or a text list. */
    public static RevokedKeys parse(byte[] content) throws ParseException {
        if (KeyRevocationList.isKrl(content)) {
            try {
                return KeyRevocationList.parse(content);
            } catch (WireFormatException e) {
                throw new ParseException("malformed key revocation list: " + e.getMessage(), 0);
            }
        }
        return parseText(new String(content, StandardCharsets.UTF_8));
    }

    /** One public key per line, as {@code id_*.pub} files hold them; a certificate revokes its key. */
    private static RevokedKeys parseText(String text) throws ParseException {
        Set<ByteBuffer> keys = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(ByteBuffer.wrap(plainBlob(PublicKeyLine.parse(line).blob())));
            } catch (GeneralSecurityException e) {
                throw new ParseException("line " + (i + 1) + ": " + e.getMessage(), i);
            }
        }
        return new RevokedKeys(keys, Set.of(), Set.of(), List.of());
    }

    /** The blob of the key a certificate blob certifies; any other blob as it is. */
    private static byte[] plainBlob(byte[] blob) throws GeneralSecurityException {
        String type;
        try {
            type = new WireReader(blob).readUtf8();
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("malformed public key blob: " + e.getMessage(), e);
        }
        return OpenSshCertificate.isCertificateType(type) ? PublicKeyBlob.encode(OpenSshCertificate.decode(blob).key())
                : blob;
    }

    /**
     * Whether {@code key} (a plain key or an {@link OpenSshCertificate}) is revoked. A key that
     * cannot be encoded counts as revoked: nothing shows it is not.
     */
    public boolean isRevoked(PublicKey key) {
        try {
            if (key instanceof OpenSshCertificate certificate) {
                return isPlainKeyRevoked(certificate.key()) || isPlainKeyRevoked(certificate.signatureKey())
                        || isRevokedCertificate(certificate);
            }
            return isPlainKeyRevoked(key);
        } catch (InvalidKeyException e) {
            return true;
        }
    }

    /**
     * What this list and {@code other} revoke together, as ssh checks each of several
     * {@code RevokedHostKeys} files.
     *
     * @since 1.9
     */
    public RevokedKeys and(RevokedKeys other) {
        Set<ByteBuffer> allKeys = new HashSet<>(keys);
        allKeys.addAll(other.keys);
        Set<ByteBuffer> allSha1 = new HashSet<>(sha1);
        allSha1.addAll(other.sha1);
        Set<ByteBuffer> allSha256 = new HashSet<>(sha256);
        allSha256.addAll(other.sha256);
        List<RevokedCertificates> allCertificates = new ArrayList<>(certificates);
        allCertificates.addAll(other.certificates);
        return new RevokedKeys(allKeys, allSha1, allSha256, allCertificates);
    }

    /** Whether nothing is revoked. */
    public boolean isEmpty() {
        return keys.isEmpty() && sha1.isEmpty() && sha256.isEmpty() && certificates.isEmpty();
    }

    private boolean isPlainKeyRevoked(PublicKey key) throws InvalidKeyException {
        byte[] blob = PublicKeyBlob.encode(key);
        return keys.contains(ByteBuffer.wrap(blob)) || (!sha1.isEmpty() && sha1.contains(digest("SHA-1", blob)))
                || (!sha256.isEmpty() && sha256.contains(digest("SHA-256", blob)));
    }

    private boolean isRevokedCertificate(OpenSshCertificate certificate) throws InvalidKeyException {
        byte[] authority = PublicKeyBlob.encode(certificate.signatureKey());
        for (RevokedCertificates section : certificates) {
            if (section.revokes(authority, certificate.serial(), certificate.keyId())) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer digest(String algorithm, byte[] blob) {
        return ByteBuffer.wrap(Fingerprint.digest(algorithm, blob));
    }
}
