// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 section 6, {@code BEGIN ENCRYPTED PRIVATE KEY}) with
 * PBES2 (RFC 8018 section 6.2): PBKDF2 with an HMAC-SHA PRF and AES-CBC or 3DES-CBC, what
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} and {@code ssh-keygen -m PKCS8 -N passphrase}
 * write. The structure is read with {@link DerReader} rather than the JDK's
 * EncryptedPrivateKeyInfo, so that every field is checked and every refusal can say what it was.
 * PBES1 and scrypt are refused by name.
 */
final class Pkcs8Encryption {
    static final String LABEL = "ENCRYPTED PRIVATE KEY";
    private static final String PBES2 = "1.2.840.113549.1.5.13";
    private static final String PBKDF2 = "1.2.840.113549.1.5.12";
    private static final String HMAC_SHA1 = "1.2.840.113549.2.7";
    private static final String HMAC_SHA256 = "1.2.840.113549.2.9";
    private static final String AES256_CBC = "2.16.840.1.101.3.4.1.42";
    private static final Map<String, String> PRFS = Map.of(HMAC_SHA1, "PBKDF2WithHmacSHA1",
            "1.2.840.113549.2.8", "PBKDF2WithHmacSHA224", HMAC_SHA256, "PBKDF2WithHmacSHA256",
            "1.2.840.113549.2.10", "PBKDF2WithHmacSHA384", "1.2.840.113549.2.11", "PBKDF2WithHmacSHA512");
    /** A PBES2 encryption scheme: the JDK cipher, its key algorithm, and key and IV lengths. */
    private record Scheme(String transformation, String keyAlgorithm, int keyBytes, int ivBytes) {
    }

    private static final Map<String, Scheme> CIPHERS = Map.of(
            "2.16.840.1.101.3.4.1.2", new Scheme("AES/CBC/PKCS5Padding", "AES", 16, 16),
            "2.16.840.1.101.3.4.1.22", new Scheme("AES/CBC/PKCS5Padding", "AES", 24, 16),
            AES256_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 32, 16),
            "1.2.840.113549.3.7", new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24, 8));
    /** Written files use this many PBKDF2 iterations; OpenSSL's default of 2048 is cheap to guess. */
    static final int WRITE_ITERATIONS = 100_000;
    /** A file asking for more would keep a loader busy for minutes. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pkcs8Encryption() {
    }

    /**
     * Decrypts an EncryptedPrivateKeyInfo to the PrivateKeyInfo inside it.
     *
     * @throws UnrecoverableKeyException if there is no passphrase or the padding shows it is wrong
     */
    static byte[] decrypt(byte[] der, char[] passphrase) throws GeneralSecurityException {
        DerReader info = new DerReader(der, "encrypted PKCS#8 private key").sequence();
        DerReader algorithm = info.sequence();
        String scheme = algorithm.oid();
        if (!scheme.equals(PBES2)) {
            throw new NoSuchAlgorithmException("encrypted PKCS#8 key uses " + (scheme.startsWith("1.2.840.113549.1.5.")
                    || scheme.startsWith("1.2.840.113549.1.12.1.") ? "PBES1 or PKCS#12 encryption" : "encryption OID " + scheme)
                    + ", which is not supported; re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
        DerReader parameters = algorithm.sequence();
        algorithm.expectEnd();
        DerReader kdf = parameters.sequence();
        String kdfOid = kdf.oid();
        if (!kdfOid.equals(PBKDF2)) {
            throw new NoSuchAlgorithmException("encrypted PKCS#8 key uses key derivation "
                    + (kdfOid.equals("1.3.6.1.4.1.11591.4.11") ? "scrypt" : "OID " + kdfOid) + "; only PBKDF2 is supported");
        }
        DerReader kdfParameters = kdf.sequence();
        byte[] salt = kdfParameters.octetString();
        BigInteger iterations = kdfParameters.positiveInteger();
        BigInteger keyLength = kdfParameters.peekTag() == DerReader.INTEGER ? kdfParameters.positiveInteger() : null;
        String prf = HMAC_SHA1;
        if (!kdfParameters.isEmpty()) {
            DerReader prfId = kdfParameters.sequence();
            prf = prfId.oid();
        }
        kdfParameters.expectEnd();
        DerReader cipherId = parameters.sequence();
        String cipherOid = cipherId.oid();
        byte[] iv = cipherId.octetString();
        parameters.expectEnd();
        byte[] encrypted = info.octetString();
        info.expectEnd();

        String prfName = PRFS.get(prf);
        Scheme cipher = CIPHERS.get(cipherOid);
        if (prfName == null || cipher == null) {
            throw new NoSuchAlgorithmException("encrypted PKCS#8 key uses " + (prfName == null ? "PRF OID " + prf
                    : "cipher OID " + cipherOid) + ", which is not supported");
        }
        if (iterations.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0 || salt.length == 0
                || (keyLength != null && !keyLength.equals(BigInteger.valueOf(cipher.keyBytes())))
                || iv.length != cipher.ivBytes()) {
            throw new InvalidKeySpecException("encrypted PKCS#8 key parameters out of range (" + iterations
                    + " PBKDF2 iterations, at most " + MAX_ITERATIONS + "; salt, key length or IV wrong)");
        }
        if (passphrase == null || passphrase.length == 0) {
            throw new UnrecoverableKeyException("the PKCS#8 private key is encrypted: a passphrase is needed");
        }
        byte[] key = pbkdf2(prfName, passphrase, salt, iterations.intValue(), cipher.keyBytes());
        try {
            Cipher decryptor = Cipher.getInstance(cipher.transformation());
            decryptor.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.keyAlgorithm()), new IvParameterSpec(iv));
            return decryptor.doFinal(encrypted);
        } catch (BadPaddingException e) {
            throw new UnrecoverableKeyException("PKCS#8 private key does not decrypt: wrong passphrase or damaged file");
        } catch (IllegalBlockSizeException e) {
            throw new InvalidKeySpecException("encrypted PKCS#8 key is not a whole number of cipher blocks");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Encrypts a PrivateKeyInfo with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC, as OpenSSL 3 does. */
    static byte[] encrypt(byte[] privateKeyInfo, char[] passphrase, int iterations) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        byte[] key = pbkdf2(PRFS.get(HMAC_SHA256), passphrase, salt, iterations, 32);
        byte[] encrypted;
        try {
            Cipher encryptor = Cipher.getInstance("AES/CBC/PKCS5Padding");
            encryptor.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            encrypted = encryptor.doFinal(privateKeyInfo);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        byte[] kdf = DerWriter.sequence(DerWriter.oid(PBKDF2), DerWriter.sequence(DerWriter.octetString(salt),
                DerWriter.integer(iterations), DerWriter.sequence(DerWriter.oid(HMAC_SHA256), DerWriter.nul())));
        byte[] scheme = DerWriter.sequence(DerWriter.oid(AES256_CBC), DerWriter.octetString(iv));
        return DerWriter.sequence(DerWriter.sequence(DerWriter.oid(PBES2), DerWriter.sequence(kdf, scheme)),
                DerWriter.octetString(encrypted));
    }

    private static byte[] pbkdf2(String algorithm, char[] passphrase, byte[] salt, int iterations, int keyBytes)
            throws GeneralSecurityException {
        // The JDK's PBKDF2 turns the characters into UTF-8, as OpenSSL takes them from a UTF-8 terminal.
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 8 * keyBytes);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
