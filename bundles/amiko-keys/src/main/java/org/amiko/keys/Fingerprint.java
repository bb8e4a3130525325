// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * Public key fingerprints as {@code ssh-keygen -l} prints them: a hash of the key blob
 * (RFC 4253 section 6.6). SHA-256 in unpadded base64 is OpenSSH's default since 6.8; the MD5 form
 * of RFC 4716 section 4 ({@code ssh-keygen -l -E md5}) is for comparing with old records only.
 */
public final class Fingerprint {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Fingerprint() {
    }

    /** {@code SHA256:} followed by the unpadded base64 of the SHA-256 of the key's blob. */
    public static String sha256(PublicKey key) throws InvalidKeyException {
        return sha256(PublicKeyBlob.encode(key));
    }

    /** {@code SHA256:} followed by the unpadded base64 of the SHA-256 of {@code blob}. */
    public static String sha256(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", blob));
    }

    /** {@code MD5:} followed by the MD5 of the key's blob in colon-separated lowercase hex. */
    public static String md5(PublicKey key) throws InvalidKeyException {
        return md5(PublicKeyBlob.encode(key));
    }

    /** {@code MD5:} followed by the MD5 of {@code blob} in colon-separated lowercase hex. */
    public static String md5(byte[] blob) {
        byte[] hash = digest("MD5", blob);
        StringBuilder out = new StringBuilder("MD5:");
        for (int i = 0; i < hash.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(HEX[(hash[i] >> 4) & 0xf]).append(HEX[hash[i] & 0xf]);
        }
        return out.toString();
    }

    /**
     * The line {@code ssh-keygen -l} prints for a key: bits, SHA-256 fingerprint, comment (or
     * {@code no comment}) and the key type in brackets, e.g.
     * {@code 256 SHA256:... user@host (ED25519)}.
     *
     * @throws InvalidKeyException for keys without an SSH key type
     */
    public static String summary(PublicKey key, String comment) throws InvalidKeyException {
        KeyType type = JdkKeys.typeOf(key);
        int bits;
        String name;
        switch (type) {
            case ED25519:
                bits = 256;
                name = "ED25519";
                break;
            case RSA:
                bits = ((RSAPublicKey) key).getModulus().bitLength();
                name = "RSA";
                break;
            default:
                bits = type.curve().bits();
                name = "ECDSA";
                break;
        }
        String shown = comment == null || comment.isEmpty() ? "no comment" : comment;
        return bits + " " + sha256(key) + " " + shown + " (" + name + ")";
    }

    /** A digest every Java runtime has (MD5, SHA-1, SHA-256) of {@code data}. */
    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Java SE requires both digests of every runtime.
            throw new IllegalStateException(algorithm + " is missing from the runtime", e);
        }
    }
}
