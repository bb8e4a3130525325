// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSL's "traditional" PEM encryption of PKCS#1 and SEC1 keys (RFC 1421 section 4.6.1 headers
 * as OpenSSL's PEM_write_bio_PrivateKey_traditional writes them, and {@code ssh-keygen -m PEM -N
 * passphrase}):
 * <pre>
 * Proc-Type: 4,ENCRYPTED
 * DEK-Info: AES-128-CBC,&lt;IV in hex&gt;
 * </pre>
 * The key is OpenSSL's EVP_BytesToKey with MD5, one iteration, and the first 8 bytes of the IV as
 * salt: D1 = MD5(passphrase || salt), Di = MD5(Di-1 || passphrase || salt), concatenated. That is a
 * weak derivation (one MD5 per guess), kept only so that such files can be read and converted.
 */
final class LegacyPemEncryption {
    /** DEK-Info cipher name to {transformation, key algorithm, key bytes, IV bytes}. */
    private record Scheme(String transformation, String keyAlgorithm, int keyBytes, int ivBytes) {
    }

    private static final Map<String, Scheme> SCHEMES = Map.of(
            "AES-128-CBC", new Scheme("AES/CBC/PKCS5Padding", "AES", 16, 16),
            "AES-192-CBC", new Scheme("AES/CBC/PKCS5Padding", "AES", 24, 16),
            "AES-256-CBC", new Scheme("AES/CBC/PKCS5Padding", "AES", 32, 16),
            "DES-EDE3-CBC", new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24, 8));
    private static final int SALT_BYTES = 8;

    private LegacyPemEncryption() {
    }

    /**
     * Decrypts the body of a block whose headers say {@code Proc-Type: 4,ENCRYPTED}.
     *
     * @throws UnrecoverableKeyException if there is no passphrase or the padding shows it is wrong
     * @throws NoSuchAlgorithmException for a DEK-Info cipher not listed above
     */
    static byte[] decrypt(PemBlock block, char[] passphrase) throws GeneralSecurityException {
        String dekInfo = block.headers().get("DEK-Info");
        int comma = dekInfo == null ? -1 : dekInfo.indexOf(',');
        if (comma < 0) {
            throw new InvalidKeySpecException("encrypted PEM key lacks a DEK-Info header with cipher and IV");
        }
        String cipherName = dekInfo.substring(0, comma).strip().toUpperCase(Locale.ROOT);
        Scheme scheme = SCHEMES.get(cipherName);
        if (scheme == null) {
            throw new NoSuchAlgorithmException("encrypted PEM key uses cipher " + KeyType.printable(cipherName)
                    + ", which is not supported; re-encrypt with ssh-keygen -p");
        }
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("encrypted PEM key has a DEK-Info IV that is not hexadecimal");
        }
        if (iv.length != scheme.ivBytes()) {
            throw new InvalidKeySpecException("encrypted PEM key has a DEK-Info IV of the wrong length");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new UnrecoverableKeyException("the PEM private key is encrypted: a passphrase is needed");
        }
        byte[] key = bytesToKey(passphrase, Arrays.copyOf(iv, SALT_BYTES), scheme.keyBytes());
        try {
            Cipher cipher = Cipher.getInstance(scheme.transformation());
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, scheme.keyAlgorithm()), new IvParameterSpec(iv));
            return cipher.doFinal(block.data());
        } catch (BadPaddingException e) {
            throw new UnrecoverableKeyException("PEM private key does not decrypt: wrong passphrase or damaged file");
        } catch (javax.crypto.IllegalBlockSizeException e) {
            throw new InvalidKeySpecException("encrypted PEM key is not a whole number of cipher blocks");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** EVP_BytesToKey(MD5, salt, passphrase, count 1), the first {@code length} bytes. */
    static byte[] bytesToKey(char[] passphrase, byte[] salt, int length) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java SE runtime", e);
        }
        byte[] password = PassphraseBytes.utf8(passphrase);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        try {
            for (int filled = 0; filled < length; filled += previous.length) {
                md5.update(previous);
                md5.update(password);
                md5.update(salt);
                Arrays.fill(previous, (byte) 0);
                previous = md5.digest();
                System.arraycopy(previous, 0, out, filled, Math.min(previous.length, length - filled));
            }
            return out;
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(previous, (byte) 0);
        }
    }
}
