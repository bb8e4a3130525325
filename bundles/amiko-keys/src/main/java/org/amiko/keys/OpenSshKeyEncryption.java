// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * Encryption of the private section of an OpenSSH v1 key (OpenSSH PROTOCOL.key section 2;
 * sshkey.c {@code private2_decrypt}): key and IV come from bcrypt_pbkdf over the passphrase with the
 * salt and rounds of {@code kdfoptions}; the AES ciphers ssh-keygen offers with {@code -Z} encrypt
 * the section; for AES-GCM the 16-byte tag follows the section string.
 */
enum OpenSshKeyEncryption {
    NONE("none", 8, 0, 0, 0, null),
    AES128_CTR("aes128-ctr", 16, 16, 16, 0, "AES/CTR/NoPadding"),
    AES192_CTR("aes192-ctr", 16, 24, 16, 0, "AES/CTR/NoPadding"),
    AES256_CTR("aes256-ctr", 16, 32, 16, 0, "AES/CTR/NoPadding"),
    AES128_CBC("aes128-cbc", 16, 16, 16, 0, "AES/CBC/NoPadding"),
    AES192_CBC("aes192-cbc", 16, 24, 16, 0, "AES/CBC/NoPadding"),
    AES256_CBC("aes256-cbc", 16, 32, 16, 0, "AES/CBC/NoPadding"),
    AES128_GCM("aes128-gcm@openssh.com", 16, 16, 12, 16, "AES/GCM/NoPadding"),
    AES256_GCM("aes256-gcm@openssh.com", 16, 32, 12, 16, "AES/GCM/NoPadding");

    /**
     * Far above ssh-keygen's default of 16 ({@code -a}); a file asking for more would keep a
     * loader busy for hours.
     */
    static final int MAX_ROUNDS = 1 << 16;

    private final String sshName;
    private final int blockSize;
    private final int keyLength;
    private final int ivLength;
    private final int tagLength;
    private final String transformation;

    OpenSshKeyEncryption(String sshName, int blockSize, int keyLength, int ivLength, int tagLength,
            String transformation) {
        this.sshName = sshName;
        this.blockSize = blockSize;
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.tagLength = tagLength;
        this.transformation = transformation;
    }

    /** The name in the file, e.g. {@code aes256-ctr}. */
    String sshName() {
        return sshName;
    }

    int blockSize() {
        return blockSize;
    }

    /** Bytes of authentication tag that follow the private section string. */
    int tagLength() {
        return tagLength;
    }

    /** The encryption a file names; cipher and KDF must both be "none" or neither. */
    static OpenSshKeyEncryption of(String cipher, String kdf) throws GeneralSecurityException {
        if (cipher.equals("none") != kdf.equals("none")) {
            throw new InvalidKeySpecException("OpenSSH private key pairs cipher " + KeyType.printable(cipher)
                    + " with KDF " + KeyType.printable(kdf));
        }
        if (!kdf.equals("none") && !kdf.equals("bcrypt")) {
            throw new NoSuchAlgorithmException("OpenSSH private key uses unsupported KDF " + KeyType.printable(kdf));
        }
        for (OpenSshKeyEncryption encryption : values()) {
            if (encryption.sshName.equals(cipher)) {
                return encryption;
            }
        }
        throw new NoSuchAlgorithmException("OpenSSH private key is encrypted with unsupported cipher "
                + KeyType.printable(cipher) + "; re-encrypt it with ssh-keygen -p -Z aes256-ctr");
    }

    /**
     * Decrypts the private section.
     *
     * @throws UnrecoverableKeyException when no passphrase was given or (for GCM) the tag is wrong;
     *     for the other ciphers a wrong passphrase shows in the check ints afterwards
     */
    byte[] decrypt(byte[] kdfOptions, byte[] section, byte[] tag, char[] passphrase) throws GeneralSecurityException {
        if (passphrase == null || passphrase.length == 0) {
            throw new UnrecoverableKeyException("the OpenSSH private key is encrypted: a passphrase is needed");
        }
        if (section.length % blockSize != 0) {
            throw new InvalidKeySpecException("OpenSSH private section is not a whole number of cipher blocks");
        }
        byte[] salt;
        int rounds;
        try {
            WireReader options = new WireReader(kdfOptions);
            salt = options.readString();
            rounds = options.readUint32();
            options.expectEnd("bcrypt KDF options");
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("damaged bcrypt KDF options: " + e.getMessage(), e);
        }
        if (salt.length == 0 || salt.length > 1024 || rounds < 1 || rounds > MAX_ROUNDS) {
            throw new InvalidKeySpecException("bcrypt KDF options out of range (salt " + salt.length
                    + " bytes, " + Integer.toUnsignedString(rounds) + " rounds; at most " + MAX_ROUNDS + ")");
        }
        byte[] keyAndIv = deriveKeyAndIv(passphrase, salt, rounds);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyAndIv);
            if (tagLength == 0) {
                return cipher.doFinal(section);
            }
            byte[] sealed = Arrays.copyOf(section, section.length + tag.length);
            System.arraycopy(tag, 0, sealed, section.length, tag.length);
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new UnrecoverableKeyException("OpenSSH private key does not decrypt: wrong passphrase or damaged file");
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /**
     * Encrypts a padded private section, as {@code sshkey_private_to_blob2} does, with the KDF options
     * {@link #kdfOptions} made of {@code salt} and {@code rounds}. Returns the ciphertext followed by
     * the tag, if the cipher has one.
     */
    byte[] encrypt(byte[] section, char[] passphrase, byte[] salt, int rounds) throws GeneralSecurityException {
        byte[] keyAndIv = deriveKeyAndIv(passphrase, salt, rounds);
        try {
            return cipher(Cipher.ENCRYPT_MODE, keyAndIv).doFinal(section);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /** The bcrypt KDF options string: string salt, uint32 rounds. */
    static byte[] kdfOptions(byte[] salt, int rounds) {
        return new WireWriter(salt.length + 8).writeString(salt).writeUint32(rounds).toByteArray();
    }

    private byte[] deriveKeyAndIv(char[] passphrase, byte[] salt, int rounds) {
        byte[] password = PassphraseBytes.utf8(passphrase);
        try {
            return BcryptPbkdf.derive(password, salt, rounds, keyLength + ivLength);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private Cipher cipher(int mode, byte[] keyAndIv) throws GeneralSecurityException {
        SecretKeySpec key = new SecretKeySpec(keyAndIv, 0, keyLength, "AES");
        AlgorithmParameterSpec iv = tagLength > 0 ? new GCMParameterSpec(8 * tagLength, keyAndIv, keyLength, ivLength)
                : new IvParameterSpec(keyAndIv, keyLength, ivLength);
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(mode, key, iv);
        return cipher;
    }
}
