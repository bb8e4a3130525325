// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * PuTTY private key files, {@code PuTTY-User-Key-File-2} and {@code -3} (PuTTY manual appendix C,
 * "PPK file format"): a text file with the public blob in clear, the private blob (encryption
 * {@code none} or {@code aes256-cbc}) and a MAC over both, the algorithm, the encryption and the
 * comment.
 * <ul>
 * <li>Version 2: AES key SHA-1(0 || passphrase) || SHA-1(1 || passphrase), zero IV; MAC
 * HMAC-SHA-1 keyed with SHA-1("putty-private-key-file-mac-key" || passphrase).</li>
 * <li>Version 3: AES key, IV and MAC key (32 + 16 + 32 bytes) from Argon2d, Argon2i or Argon2id
 * over the passphrase with the file's parameters; MAC HMAC-SHA-256, with an empty key when the
 * file is not encrypted.</li>
 * </ul>
 * The MAC is checked in constant time before the private blob is parsed. A wrong passphrase and a
 * damaged encrypted file look alike and both give {@link UnrecoverableKeyException}. Files are
 * written in version 3 with Argon2id, as puttygen 0.75 and later write them.
 */
public final class PuttyPrivateKey {
    static final String PREFIX = "PuTTY-User-Key-File-";
    private static final byte[] V2_MAC_LABEL = "putty-private-key-file-mac-key".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE_WIDTH = 64;
    private static final int AES_BLOCK = 16;
    /** puttygen's default memory; its default passes are timed to 100 ms in C, about this many. */
    static final PuttyKeyDerivation DEFAULT_DERIVATION = new PuttyKeyDerivation(Argon2.Variant.ARGON2ID, 8192, 16, 1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PuttyPrivateKey() {
    }

    /**
     * Reads a PuTTY private key file of version 2 or 3.
     *
     * @param passphrase for encrypted files (used as UTF-8); ignored, and may be null, otherwise
     * @throws UnrecoverableKeyException if the file is encrypted and the passphrase is missing or
     *     wrong (or the file is damaged)
     * @throws InvalidKeySpecException if the file is damaged or its MAC does not verify
     * @throws NoSuchAlgorithmException for other versions, key types or encryptions
     */
    public static KeyFile read(String text, char[] passphrase) throws GeneralSecurityException {
        PuttyKeyText file = PuttyKeyText.parse(text);
        boolean encrypted = file.encryption().equals("aes256-cbc");
        if (encrypted && (passphrase == null || passphrase.length == 0)) {
            throw new UnrecoverableKeyException("the PuTTY private key is encrypted: a passphrase is needed");
        }
        PublicKey publicKey = PublicKeyBlob.decode(file.publicBlob());
        KeyType type = JdkKeys.typeOf(publicKey);
        if (!type.sshName().equals(file.algorithm())) {
            throw new InvalidKeySpecException("PuTTY key file says " + KeyType.printable(file.algorithm())
                    + " but holds a " + type.sshName() + " public key");
        }
        byte[] password = encrypted ? PassphraseBytes.utf8(passphrase) : new byte[0];
        byte[][] keys = file.version() == 3 ? v3Keys(file, password, encrypted) : v2Keys(password, encrypted);
        byte[] privateBlob = file.privateBlob();
        try {
            if (encrypted) {
                if (privateBlob.length % AES_BLOCK != 0) {
                    throw new InvalidKeySpecException("PuTTY private blob is not a whole number of AES blocks");
                }
                privateBlob = aes(Cipher.DECRYPT_MODE, keys[0], keys[1], privateBlob);
            }
            byte[] mac = mac(file.version(), keys[2], file.algorithm(), file.encryption(), file.comment(),
                    file.publicBlob(), privateBlob);
            if (!MessageDigest.isEqual(mac, file.mac())) {
                if (encrypted) {
                    throw new UnrecoverableKeyException("PuTTY private key MAC does not verify: wrong passphrase or damaged file");
                }
                throw new InvalidKeySpecException("PuTTY private key MAC does not verify: the file is damaged");
            }
            WireReader in = new WireReader(privateBlob);
            KeyPair pair = PuttyKeyFields.read(type, publicKey, in);
            if (in.remaining() >= (encrypted ? AES_BLOCK : 1)) {
                throw new InvalidKeySpecException("PuTTY private blob has data after the key");
            }
            return new KeyFile(pair, file.comment());
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("damaged PuTTY private blob: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(privateBlob, (byte) 0);
            for (byte[] key : keys) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * Writes a key pair as a version 3 PuTTY key file, as puttygen writes it: unencrypted when
     * {@code passphrase} is null or empty, else aes256-cbc with Argon2id (8192 KiB, one lane).
     *
     * @param comment stored in clear in the file; null for none; must not hold a line break
     * @throws InvalidKeyException if the key type is unsupported or the halves do not belong together
     */
    public static String write(KeyPair pair, String comment, char[] passphrase) throws InvalidKeyException {
        return write(pair, comment, passphrase, DEFAULT_DERIVATION);
    }

    static String write(KeyPair pair, String comment, char[] passphrase, PuttyKeyDerivation derivation)
            throws InvalidKeyException {
        String text = comment == null ? "" : comment;
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a PuTTY key comment cannot span lines");
        }
        KeyPairConsistency.check(pair);
        boolean encrypted = passphrase != null && passphrase.length > 0;
        String algorithm = PublicKeyBlob.keyType(pair.getPublic());
        String encryption = encrypted ? "aes256-cbc" : "none";
        byte[] publicBlob = PublicKeyBlob.encode(pair.getPublic());
        WireWriter fields = new WireWriter(1024);
        byte[] password = encrypted ? PassphraseBytes.utf8(passphrase) : new byte[0];
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[][] keys = encrypted ? derivation.keys(password, salt) : new byte[][] {null, null, new byte[0]};
        byte[] plain = null;
        byte[] sealed = null;
        try {
            PuttyKeyFields.write(pair, fields);
            plain = fields.toByteArray();
            if (encrypted) {
                // puttygen pads with the SHA-1 of the unpadded blob rather than with known bytes.
                int padded = (plain.length + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;
                byte[] hash = sha1().digest(plain);
                byte[] withPadding = Arrays.copyOf(plain, padded);
                System.arraycopy(hash, 0, withPadding, plain.length, padded - plain.length);
                Arrays.fill(plain, (byte) 0);
                plain = withPadding;
            }
            byte[] mac = mac(3, keys[2], algorithm, encryption, text, publicBlob, plain);
            sealed = encrypted ? aes(Cipher.ENCRYPT_MODE, keys[0], keys[1], plain) : plain.clone();
            StringBuilder out = new StringBuilder(2048);
            out.append(PREFIX).append("3: ").append(algorithm).append('\n');
            out.append("Encryption: ").append(encryption).append('\n');
            out.append("Comment: ").append(text).append('\n');
            appendLines(out, "Public-Lines", publicBlob);
            if (encrypted) {
                out.append("Key-Derivation: ").append(derivation.variant().puttyName).append('\n');
                out.append("Argon2-Memory: ").append(derivation.memoryKiB()).append('\n');
                out.append("Argon2-Passes: ").append(derivation.passes()).append('\n');
                out.append("Argon2-Parallelism: ").append(derivation.parallelism()).append('\n');
                out.append("Argon2-Salt: ").append(HexFormat.of().formatHex(salt)).append('\n');
            }
            appendLines(out, "Private-Lines", sealed);
            out.append("Private-MAC: ").append(HexFormat.of().formatHex(mac)).append('\n');
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC and HMAC-SHA-256 are required of every Java SE runtime", e);
        } finally {
            fields.wipe();
            Arrays.fill(password, (byte) 0);
            for (byte[] array : new byte[][] {plain, sealed, keys[0], keys[1], keys[2]}) {
                if (array != null) {
                    Arrays.fill(array, (byte) 0);
                }
            }
        }
    }

    private static void appendLines(StringBuilder out, String header, byte[] data) {
        String base64 = Base64.getEncoder().encodeToString(data);
        int lines = (base64.length() + LINE_WIDTH - 1) / LINE_WIDTH;
        out.append(header).append(": ").append(lines).append('\n');
        for (int i = 0; i < base64.length(); i += LINE_WIDTH) {
            out.append(base64, i, Math.min(base64.length(), i + LINE_WIDTH)).append('\n');
        }
    }

    /** Version 3: cipher key, IV and MAC key from Argon2; an unencrypted file has an empty MAC key. */
    private static byte[][] v3Keys(PuttyKeyText file, byte[] password, boolean encrypted) throws GeneralSecurityException {
        if (!encrypted) {
            return new byte[][] {new byte[0], new byte[0], new byte[0]};
        }
        return file.derivation().keys(password, file.salt());
    }

    /** Version 2: SHA-1 based keys; unencrypted files take their MAC key from an empty passphrase. */
    private static byte[][] v2Keys(byte[] password, boolean encrypted) {
        MessageDigest sha1 = sha1();
        byte[] macKey;
        sha1.update(V2_MAC_LABEL);
        macKey = sha1.digest(password);
        if (!encrypted) {
            return new byte[][] {new byte[0], new byte[0], macKey};
        }
        byte[] both = new byte[40];
        for (int counter = 0; counter < 2; counter++) {
            sha1.update(new byte[] {0, 0, 0, (byte) counter});
            sha1.update(password);
            System.arraycopy(sha1.digest(), 0, both, 20 * counter, 20);
        }
        byte[] key = Arrays.copyOf(both, 32);
        Arrays.fill(both, (byte) 0);
        return new byte[][] {key, new byte[AES_BLOCK], macKey};
    }

    private static byte[] aes(int mode, byte[] key, byte[] iv, byte[] data) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }

    /** The MAC over the five fields, each as an SSH string. */
    private static byte[] mac(int version, byte[] key, String algorithm, String encryption, String comment,
            byte[] publicBlob, byte[] privateBlob) throws GeneralSecurityException {
        String name = version == 3 ? "HmacSHA256" : "HmacSHA1";
        Mac mac = Mac.getInstance(name);
        // HMAC pads its key with zeros to the block size, so one zero byte is the same key as none;
        // SecretKeySpec refuses an empty array.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
        WireWriter data = new WireWriter(privateBlob.length + publicBlob.length + 128);
        data.writeString(algorithm).writeString(encryption).writeString(comment).writeString(publicBlob)
                .writeString(privateBlob);
        byte[] bytes = data.toByteArray();
        data.wipe();
        try {
            return mac.doFinal(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java SE runtime", e);
        }
    }
}
