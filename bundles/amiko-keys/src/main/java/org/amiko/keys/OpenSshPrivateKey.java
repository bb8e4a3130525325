// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * OpenSSH's own private key format, version 1 (OpenSSH PROTOCOL.key), armored as
 * {@code -----BEGIN OPENSSH PRIVATE KEY-----}:
 * <pre>
 * "openssh-key-v1\0" string ciphername, string kdfname, string kdfoptions, uint32 N (= 1),
 * string publickey, string private section
 * private section: uint32 checkint, uint32 checkint, key type and fields, string comment,
 *                  padding 1, 2, 3, ... to the cipher block size
 * </pre>
 * Files are written unencrypted ({@code none} cipher and KDF) exactly as {@code ssh-keygen -N ""}
 * writes them, or encrypted as {@code ssh-keygen -N passphrase} writes them: aes256-ctr with a key
 * and IV from bcrypt_pbkdf (16 random bytes of salt, 16 rounds). Reading checks the two check ints (unequal ones mean a wrong passphrase or a damaged
 * file), the padding, and that the private key matches the public key in front of it.
 *
 * <p>Encrypted keys (KDF {@code bcrypt}, the AES ciphers of {@code ssh-keygen -Z}) are decrypted
 * with the passphrase given. Exceptions: {@link InvalidKeySpecException} for damaged data,
 * {@link NoSuchAlgorithmException} for key types, ciphers or KDFs not supported,
 * {@link UnrecoverableKeyException} for a missing or wrong passphrase (the check ints differ, or
 * the AES-GCM tag does not verify).
 */
public final class OpenSshPrivateKey {
    static final String LABEL = "OPENSSH PRIVATE KEY";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** ssh-keygen wraps the base64 at 70 columns. */
    private static final int LINE_WIDTH = 70;
    /** ssh-keygen's default bcrypt rounds ({@code -a}) and salt length. */
    static final int DEFAULT_ROUNDS = 16;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenSshPrivateKey() {
    }

    /**
     * Reads an armored OpenSSH v1 private key.
     *
     * @param pemText the whole file
     * @param passphrase for encrypted keys (as UTF-8); ignored, and may be null, for unencrypted ones
     */
    public static KeyPair read(String pemText, char[] passphrase) throws GeneralSecurityException {
        return readWithComment(pemText, passphrase).pair();
    }

    /**
     * Reads an armored OpenSSH v1 private key with the comment stored inside its private section
     * (which, in an encrypted file, only the passphrase reveals).
     *
     * @param pemText the whole file
     * @param passphrase for encrypted keys (as UTF-8); ignored, and may be null, for unencrypted ones
     */
    public static KeyFile readWithComment(String pemText, char[] passphrase) throws GeneralSecurityException {
        PemBlock block = PemBlock.parse(pemText, LABEL);
        try {
            return decode(block.data(), passphrase);
        } finally {
            block.wipe();
        }
    }

    /**
     * The public key an armored OpenSSH v1 private key keeps in front of its private section, in
     * clear even when that section is encrypted, as ssh reads it without the passphrase.
     *
     * @since 1.8
     */
    public static PublicKey readPublicKey(String pemText) throws GeneralSecurityException {
        PemBlock block = PemBlock.parse(pemText, LABEL);
        try {
            return PublicKeyBlob.decode(readHeader(new WireReader(block.data())).publicBlob());
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("damaged OpenSSH private key: " + e.getMessage(), e);
        } finally {
            block.wipe();
        }
    }

    /** What comes before the private section: how it is encrypted, and the public key. */
    private record Header(String cipher, String kdf, byte[] kdfOptions, byte[] publicBlob) {}

    private static Header readHeader(WireReader in) throws GeneralSecurityException, WireFormatException {
        if (in.remaining() < MAGIC.length || !Arrays.equals(in.readBytes(MAGIC.length), MAGIC)) {
            throw new InvalidKeySpecException("not an OpenSSH v1 private key: the openssh-key-v1 magic is missing");
        }
        String cipher = in.readUtf8();
        String kdf = in.readUtf8();
        byte[] kdfOptions = in.readString();
        int count = in.readUint32();
        if (count != 1) {
            throw new InvalidKeySpecException("OpenSSH private key file holds " + Integer.toUnsignedString(count)
                    + " keys; exactly one is supported");
        }
        return new Header(cipher, kdf, kdfOptions, in.readString());
    }

    /** Reads the decoded (binary) form of an OpenSSH v1 private key. */
    static KeyFile decode(byte[] data, char[] passphrase) throws GeneralSecurityException {
        WireReader in = new WireReader(data);
        byte[] plain = null;
        try {
            Header header = readHeader(in);
            OpenSshKeyEncryption encryption = OpenSshKeyEncryption.of(header.cipher(), header.kdf());
            byte[] kdfOptions = header.kdfOptions();
            byte[] publicBlob = header.publicBlob();
            byte[] section = in.readString();
            byte[] tag = in.readBytes(encryption.tagLength());
            in.expectEnd("OpenSSH private key");
            PublicKey expected = PublicKeyBlob.decode(publicBlob);
            plain = encryption == OpenSshKeyEncryption.NONE ? section
                    : encryption.decrypt(kdfOptions, section, tag, passphrase);
            return readSection(plain, encryption.blockSize(), expected);
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("damaged OpenSSH private key: " + e.getMessage(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** Parses a decrypted private section and checks it against the file's public key. */
    private static KeyFile readSection(byte[] section, int blockSize, PublicKey expected)
            throws GeneralSecurityException, WireFormatException {
        if (section.length % blockSize != 0) {
            throw new InvalidKeySpecException("OpenSSH private section is not a whole number of cipher blocks");
        }
        WireReader in = new WireReader(section);
        if (in.readUint32() != in.readUint32()) {
            throw new UnrecoverableKeyException("OpenSSH private key check ints differ: wrong passphrase or damaged file");
        }
        String typeName = in.readUtf8();
        KeyType type = KeyType.of(typeName);
        KeyPair pair = OpenSshKeyFields.read(type, in);
        String comment = in.readUtf8();
        // Padding is 1, 2, 3, ...; like sshkey.c private2_check_padding, any length is taken, as
        // puttygen pads to 16 bytes even without a cipher.
        for (int pad = 1; !in.isEmpty(); pad++) {
            if (in.readByte() != (pad & 0xff)) {
                throw new InvalidKeySpecException("OpenSSH private section has bad padding");
            }
        }
        if (!Arrays.equals(PublicKeyBlob.encode(pair.getPublic()), PublicKeyBlob.encode(expected))) {
            throw new InvalidKeySpecException("OpenSSH private key does not match the public key stored beside it");
        }
        return new KeyFile(pair, comment);
    }

    /**
     * Writes a key pair as an unencrypted OpenSSH v1 private key, armored with 70-column base64 as
     * ssh-keygen writes it.
     *
     * @param comment stored in the file and shown by ssh-keygen; null for none
     * @throws InvalidKeyException if the key type is unsupported (RSA keys need their CRT
     *     parameters, Ed25519 keys their seed) or the halves do not belong together
     */
    public static String write(KeyPair pair, String comment) throws InvalidKeyException {
        return write(pair, comment, null);
    }

    /**
     * Writes a key pair as an OpenSSH v1 private key, encrypted as {@code ssh-keygen -N passphrase}
     * encrypts it (bcrypt KDF with 16 rounds and 16 bytes of salt, aes256-ctr), or unencrypted when
     * {@code passphrase} is null or empty.
     *
     * @param comment stored in the (encrypted) private section; null for none
     * @param passphrase used as UTF-8; null or empty for an unencrypted file
     * @throws InvalidKeyException if the key type is unsupported or the halves do not belong together
     */
    public static String write(KeyPair pair, String comment, char[] passphrase) throws InvalidKeyException {
        boolean encrypted = passphrase != null && passphrase.length > 0;
        return write(pair, comment, passphrase, encrypted ? OpenSshKeyEncryption.AES256_CTR : OpenSshKeyEncryption.NONE,
                DEFAULT_ROUNDS);
    }

    /** Writes with a chosen cipher and number of bcrypt rounds, as {@code ssh-keygen -Z cipher -a rounds}. */
    static String write(KeyPair pair, String comment, char[] passphrase, OpenSshKeyEncryption encryption, int rounds)
            throws InvalidKeyException {
        KeyPairConsistency.check(pair);
        WireWriter section = new WireWriter(1024);
        WireWriter file = new WireWriter(1280);
        byte[] sectionBytes = null;
        try {
            int check = RANDOM.nextInt();
            section.writeUint32(check).writeUint32(check);
            OpenSshKeyFields.write(pair, section);
            section.writeString(comment == null ? "" : comment);
            for (int pad = 1; section.size() % encryption.blockSize() != 0; pad++) {
                section.writeByte(pad);
            }
            sectionBytes = section.toByteArray();
            file.writeBytes(MAGIC).writeString(encryption.sshName());
            if (encryption == OpenSshKeyEncryption.NONE) {
                file.writeString("none").writeString(new byte[0]);
            } else {
                byte[] salt = new byte[SALT_BYTES];
                RANDOM.nextBytes(salt);
                file.writeString("bcrypt").writeString(OpenSshKeyEncryption.kdfOptions(salt, rounds));
                byte[] sealed = encryption.encrypt(sectionBytes, passphrase, salt, rounds);
                Arrays.fill(sectionBytes, (byte) 0);
                sectionBytes = sealed;
            }
            file.writeUint32(1).writeString(PublicKeyBlob.encode(pair.getPublic()));
            // For AES-GCM the tag follows the section string rather than being inside it.
            int tagLength = encryption.tagLength();
            file.writeString(sectionBytes, 0, sectionBytes.length - tagLength);
            file.writeBytes(sectionBytes, sectionBytes.length - tagLength, tagLength);
            byte[] fileBytes = file.toByteArray();
            try {
                return PemBlock.format(LABEL, fileBytes, LINE_WIDTH);
            } finally {
                Arrays.fill(fileBytes, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + encryption.sshName() + ", which Java SE requires", e);
        } finally {
            if (sectionBytes != null) {
                Arrays.fill(sectionBytes, (byte) 0);
            }
            section.wipe();
            file.wipe();
        }
    }
}
