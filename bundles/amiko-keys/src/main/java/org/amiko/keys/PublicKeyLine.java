// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * An OpenSSH public key line, {@code keytype base64-blob [comment]}, as in {@code id_*.pub} files and
 * the key part of authorized_keys and known_hosts lines (sshd(8) AUTHORIZED_KEYS FILE FORMAT). The
 * blob is the RFC 4253 section 6.6 encoding; the comment is free text and is never null (empty when
 * the line has none).
 *
 * <p>The constructor checks only the shape: it throws {@link IllegalArgumentException} when the
 * blob does not start with {@code keyType} or the comment holds a line break; {@link #parse} and
 * {@link #of} also prove the key itself valid.
 *
 * @param keyType the key type name, equal to the type inside the blob
 * @param blob the public key blob (copied in and out)
 * @param comment the comment, without surrounding white space; empty when absent
 */
public record PublicKeyLine(String keyType, byte[] blob, String comment) {

    public PublicKeyLine {
        Objects.requireNonNull(keyType, "keyType");
        blob = Objects.requireNonNull(blob, "blob").clone();
        comment = comment == null ? "" : comment.strip();
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a key comment cannot span lines");
        }
        if (!keyType.equals(blobType(blob))) {
            throw new IllegalArgumentException("blob does not start with key type " + KeyType.printable(keyType));
        }
    }

    /**
     * Parses {@code keytype base64 [comment]}, fields separated by spaces or tabs. The blob is
     * decoded in full, so a line that parses holds a usable key.
     *
     * @throws java.security.NoSuchAlgorithmException for a key type this bundle does not handle
     * @throws InvalidKeySpecException for bad base64, a blob of another type than the line's, or an
     *     invalid key
     */
    public static PublicKeyLine parse(String line) throws GeneralSecurityException {
        String rest = line.strip();
        int end = nextBlank(rest, 0);
        String type = rest.substring(0, end);
        rest = rest.substring(end).stripLeading();
        end = nextBlank(rest, 0);
        String base64 = rest.substring(0, end);
        String comment = rest.substring(end).strip();
        if (type.isEmpty() || base64.isEmpty()) {
            throw new InvalidKeySpecException("public key line needs a key type and a base64 key");
        }
        return fromFields(type, base64, comment);
    }

    /** Builds a line from its already split fields, decoding and checking the key. */
    static PublicKeyLine fromFields(String type, String base64, String comment) throws GeneralSecurityException {
        // a certificate names the type of the key it certifies, which must be one this bundle reads
        String plainType = OpenSshCertificate.plainType(type);
        if (!SecurityKeyPublicKey.isSecurityKeyType(plainType)) {
            KeyType.of(plainType);
        }
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            throw new InvalidKeySpecException("public key line holds a line break");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("public key of type " + type + " is not valid base64");
        }
        String inner = blobType(blob);
        if (!type.equals(inner)) {
            throw new InvalidKeySpecException("line says key type " + type + " but the key inside is "
                    + (inner == null ? "unreadable" : KeyType.printable(inner)));
        }
        PublicKeyBlob.decode(blob);
        return new PublicKeyLine(type, blob, comment);
    }

    /**
     * The line for a key.
     *
     * @param comment free text, may be null or empty; must not contain line breaks
     * @throws InvalidKeyException for keys without an SSH key type
     */
    public static PublicKeyLine of(PublicKey key, String comment) throws InvalidKeyException {
        return new PublicKeyLine(PublicKeyBlob.keyType(key), PublicKeyBlob.encode(key), comment);
    }

    /** Decodes the blob into a JDK key. */
    public PublicKey publicKey() throws GeneralSecurityException {
        return PublicKeyBlob.decode(blob);
    }

    /** The line as OpenSSH writes it: {@code keytype base64} and, if there is one, a space and the comment. */
    public String format() {
        String text = keyType + " " + Base64.getEncoder().encodeToString(blob);
        return comment.isEmpty() ? text : text + " " + comment;
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKeyLine that && keyType.equals(that.keyType) && Arrays.equals(blob, that.blob)
                && comment.equals(that.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyType, Arrays.hashCode(blob), comment);
    }

    @Override
    public String toString() {
        return "PublicKeyLine[" + keyType + " " + Fingerprint.sha256(blob)
                + (comment.isEmpty() ? "" : " " + comment) + "]";
    }

    /** Index of the first space or tab at or after {@code from}, or the length. */
    static int nextBlank(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
            i++;
        }
        return i;
    }

    /** The type name a blob starts with, or null when it does not start with a readable string. */
    static String blobType(byte[] blob) {
        try {
            return new String(new WireReader(blob).readString(), StandardCharsets.UTF_8);
        } catch (WireFormatException e) {
            return null;
        }
    }
}
