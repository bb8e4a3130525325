// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Private key files in the formats ssh-keygen, OpenSSL and PuTTY write, told apart by their first
 * line: {@code OPENSSH PRIVATE KEY} (OpenSSH PROTOCOL.key), {@code PRIVATE KEY} and
 * {@code ENCRYPTED PRIVATE KEY} (PKCS#8, RFC 5208/5958, PBES2 of RFC 8018), {@code RSA PRIVATE KEY}
 * (PKCS#1, RFC 8017) and {@code EC PRIVATE KEY} (SEC1, RFC 5915), each plain or with OpenSSL's
 * {@code Proc-Type: 4,ENCRYPTED} headers, and {@code PuTTY-User-Key-File-2/3} (PuTTY manual
 * appendix C). DSA keys, ssh.com keys and public keys are recognized and refused with a message
 * that says so. Files are written owner-only and replaced atomically, in the OpenSSH format, as
 * PKCS#8, or as PuTTY version 3, each optionally encrypted.
 */
public final class KeyFiles {
    /** Far above any real key file; stops a wrong path from reading a huge file into memory. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFiles() {
    }

    /**
     * Loads a private key file and, as ssh does with an identity, the certificate in
     * {@code <path>-cert.pub} beside it: the pairs to try in turn, the certified one first. A
     * certificate file that does not certify this key is ignored, as ssh ignores it.
     *
     * @throws IOException if the key file cannot be read
     * @throws GeneralSecurityException if it holds no usable private key
     */
    public static List<KeyPair> loadWithCertificate(Path path, char[] passphrase)
            throws IOException, GeneralSecurityException {
        KeyPair key = load(path, passphrase);
        try {
            Optional<OpenSshCertificate> certificate = certificateBeside(path, key.getPublic());
            if (certificate.isPresent()) {
                return List.of(new KeyPair(certificate.get(), key.getPrivate()), key);
            }
        } catch (IOException | GeneralSecurityException e) {
            // an unusable certificate leaves the key, as ssh goes on without it
        }
        return List.of(key);
    }

    /**
     * The certificate in {@code <keyFile>-cert.pub}, where ssh and sshd look for a key's
     * certificate, if that file exists.
     *
     * @throws IOException if the file exists but cannot be read
     * @throws GeneralSecurityException if it holds no certificate, or one of another key than {@code key}
     */
    public static Optional<OpenSshCertificate> certificateBeside(Path keyFile, PublicKey key)
            throws IOException, GeneralSecurityException {
        Path file = keyFile.resolveSibling(keyFile.getFileName() + "-cert.pub");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        PublicKey read;
        try {
            read = PublicKeyLine.parse(Files.readString(file, StandardCharsets.US_ASCII).strip()).publicKey();
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException(file + " holds no public key line");
        }
        if (!(read instanceof OpenSshCertificate certificate)
                || !Arrays.equals(PublicKeyBlob.encode(certificate.key()), PublicKeyBlob.encode(key))) {
            throw new InvalidKeyException(file + " is not a certificate of its key");
        }
        return Optional.of(certificate);
    }

    /**
     * The public key of an identity file, read without its passphrase where ssh reads it
     * ({@code sshkey_load_public}): from the file itself when it is a public key line (an
     * {@code IdentityFile} may name the {@code .pub} of a key an agent or a token holds) or an
     * OpenSSH-format private key, which keeps its public key in clear; else from the {@code .pub}
     * file beside it.
     *
     * @throws IOException if neither the file nor the {@code .pub} beside it can be read
     * @throws GeneralSecurityException if neither holds a public key: PEM, PKCS#8 and PuTTY files
     *     need their {@code .pub}, or their passphrase
     * @since 1.8
     */
    public static PublicKey publicKey(Path keyFile) throws IOException, GeneralSecurityException {
        Path line = keyFile.resolveSibling(keyFile.getFileName() + ".pub");
        PublicKey own;
        try {
            own = ownPublicKey(keyFile);
        } catch (IOException | GeneralSecurityException e) {
            // a private file that is missing (the key lives in an agent or a token) or damaged: its .pub
            if (!Files.exists(line)) {
                throw e;
            }
            own = null;
        }
        if (own != null) {
            return own;
        }
        if (!Files.exists(line)) {
            throw new InvalidKeySpecException(keyFile + " holds no public key, and there is no .pub beside it");
        }
        PublicKey beside = ownPublicKey(line);
        if (beside == null) {
            throw new InvalidKeySpecException(line + " holds no public key line");
        }
        return beside;
    }

    /**
     * The public key a file holds without a passphrase: its first public key line, or an OpenSSH
     * private key's public key; null for a file of another kind.
     */
    private static PublicKey ownPublicKey(Path file) throws IOException, GeneralSecurityException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("key file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.stripLeading().startsWith("-----BEGIN " + OpenSshPrivateKey.LABEL + "-----")) {
            return OpenSshPrivateKey.readPublicKey(text);
        }
        return publicKeyLine(text);
    }

    /** The key of the first line of {@code text} that is neither blank nor a comment, or null when that is no public key line. */
    private static PublicKey publicKeyLine(String text) {
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElse("");
        try {
            return PublicKeyLine.parse(first).publicKey();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether {@code file} holds a public key line rather than a private key: an IdentityFile may
     * name the {@code .pub} of a key an agent or a token holds. A file that starts as a PEM or
     * PuTTY private key is told by its first bytes, so its key is not read into memory for this.
     *
     * @since 1.8
     */
    public static boolean isPublicKeyFile(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        String start = new String(head, StandardCharsets.US_ASCII).stripLeading();
        if (start.startsWith("-----BEGIN") || start.startsWith(PuttyPrivateKey.PREFIX) || Files.size(file) > MAX_FILE_BYTES) {
            return false;
        }
        return publicKeyLine(Files.readString(file, StandardCharsets.UTF_8)) != null;
    }

    /**
     * Loads a private key file.
     *
     * @param passphrase for encrypted keys; may be null for unencrypted ones
     * @throws IOException if the file cannot be read or is larger than 1 MiB
     * @throws GeneralSecurityException if it holds no usable private key (see {@link #parse})
     */
    public static KeyPair load(Path path, char[] passphrase) throws IOException, GeneralSecurityException {
        return loadWithComment(path, passphrase).pair();
    }

    /**
     * Loads a private key file with the comment stored in it (empty for PEM and PKCS#8 files).
     *
     * @param passphrase for encrypted keys; may be null for unencrypted ones
     * @throws IOException if the file cannot be read or is larger than 1 MiB
     * @throws GeneralSecurityException if it holds no usable private key (see {@link #parse})
     */
    public static KeyFile loadWithComment(Path path, char[] passphrase) throws IOException, GeneralSecurityException {
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IOException("key file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        byte[] bytes = Files.readAllBytes(path);
        // Wiping the bytes removes only this copy: the parsers read text, so an unencrypted key also
        // stays in the String until it is collected (Strings cannot be wiped). The text of an
        // encrypted file holds only ciphertext.
        try {
            return parseWithComment(new String(bytes, StandardCharsets.UTF_8), passphrase);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Parses the text of a private key file.
     *
     * @throws InvalidKeySpecException if the text is damaged or is not a private key
     * @throws NoSuchAlgorithmException if the format, key type or encryption is not supported
     * @throws java.security.UnrecoverableKeyException if an encrypted key gets no passphrase or a
     *     wrong one (or its encrypted part is damaged)
     */
    public static KeyPair parse(String text, char[] passphrase) throws GeneralSecurityException {
        return parseWithComment(text, passphrase).pair();
    }

    /** Parses the text of a private key file, keeping its comment; see {@link #parse}. */
    public static KeyFile parseWithComment(String text, char[] passphrase) throws GeneralSecurityException {
        String start = text.stripLeading();
        if (start.startsWith(PuttyPrivateKey.PREFIX)) {
            return PuttyPrivateKey.read(text, passphrase);
        }
        if (start.startsWith(Ssh2PublicKeyFile.BEGIN)) {
            throw new InvalidKeySpecException("this is an RFC 4716 public key file, not a private key");
        }
        if (start.startsWith("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----")) {
            throw new NoSuchAlgorithmException("ssh.com private keys are not supported; convert with puttygen -O private-openssh");
        }
        if (!start.startsWith("-----") && KeyType.find(start.substring(0, PublicKeyLine.nextBlank(start, 0))) != null) {
            throw new InvalidKeySpecException("this is a public key line, not a private key");
        }
        List<PemBlock> blocks = PemBlock.parseAll(text);
        try {
            for (PemBlock block : blocks) {
                switch (block.label()) {
                    case OpenSshPrivateKey.LABEL:
                        return OpenSshPrivateKey.decode(block.data(), passphrase);
                    case "PRIVATE KEY":
                        return new KeyFile(PemPrivateKeys.pkcs8(block.data()), "");
                    case Pkcs8Encryption.LABEL:
                        return new KeyFile(decrypted(Pkcs8Encryption.decrypt(block.data(), passphrase),
                                PemPrivateKeys::pkcs8), "");
                    case "RSA PRIVATE KEY":
                        return new KeyFile(block.isLegacyEncrypted()
                                ? decrypted(LegacyPemEncryption.decrypt(block, passphrase), PemPrivateKeys::pkcs1)
                                : PemPrivateKeys.pkcs1(block.data()), "");
                    case "EC PRIVATE KEY":
                        return new KeyFile(block.isLegacyEncrypted()
                                ? decrypted(LegacyPemEncryption.decrypt(block, passphrase), der -> PemPrivateKeys.sec1(der, null))
                                : PemPrivateKeys.sec1(block.data(), null), "");
                    case "EC PARAMETERS":
                        continue; // openssl ecparam -genkey writes the curve before the key
                    case "DSA PRIVATE KEY":
                        throw new NoSuchAlgorithmException("DSA private keys are not supported");
                    default:
                        throw new InvalidKeySpecException("not a supported private key: the armor says "
                                + KeyType.printable(block.label()));
                }
            }
            throw new InvalidKeySpecException("no private key found after the EC PARAMETERS block");
        } finally {
            blocks.forEach(PemBlock::wipe);
        }
    }

    /** A DER parser that may fail with a GeneralSecurityException. */
    @FunctionalInterface
    private interface DerParser {
        KeyPair parse(byte[] der) throws GeneralSecurityException;
    }

    /**
     * Parses decrypted DER. CBC padding is right by chance for about one wrong passphrase in 256, so
     * a structure that does not parse after decryption most likely means a wrong passphrase.
     */
    private static KeyPair decrypted(byte[] der, DerParser parser) throws GeneralSecurityException {
        try {
            return parser.parse(der);
        } catch (InvalidKeySpecException e) {
            throw new UnrecoverableKeyException("encrypted private key does not decrypt to a key: wrong passphrase or damaged file");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Writes a key pair as an unencrypted OpenSSH private key file. The key is written to a temporary
     * file in the same directory, created owner-only (0600) before any key byte is written, forced to
     * disk and moved over {@code path} in one step, so no reader ever sees a partial or
     * world-readable key.
     *
     * @throws InvalidKeyException if the pair cannot be written (see {@link OpenSshPrivateKey#write})
     */
    public static void writeOpenSsh(Path path, KeyPair pair, String comment) throws IOException, InvalidKeyException {
        writeOpenSsh(path, pair, comment, null);
    }

    /**
     * Writes a key pair as an OpenSSH private key file, encrypted as {@code ssh-keygen -N} does
     * (bcrypt KDF, aes256-ctr) unless {@code passphrase} is null or empty; replaced atomically and
     * owner-only as {@link #writeOpenSsh(Path, KeyPair, String)} describes.
     */
    public static void writeOpenSsh(Path path, KeyPair pair, String comment, char[] passphrase)
            throws IOException, InvalidKeyException {
        writeSecret(path, OpenSshPrivateKey.write(pair, comment, passphrase));
    }

    /**
     * Writes a key pair as a PKCS#8 PEM file ({@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY}
     * with PBES2 when a passphrase is given), as {@code ssh-keygen -m PKCS8} and OpenSSL write it;
     * replaced atomically and owner-only.
     *
     * @param passphraseOrNull null or empty for an unencrypted file
     */
    public static void writePkcs8(Path path, KeyPair pair, char[] passphraseOrNull) throws IOException, InvalidKeyException {
        writeSecret(path, Pkcs8PrivateKey.write(pair, passphraseOrNull));
    }

    /**
     * Writes a key pair as a version 3 PuTTY key file (see {@link PuttyPrivateKey#write}); replaced
     * atomically and owner-only.
     *
     * @param passphraseOrNull null or empty for an unencrypted file
     */
    public static void writePutty(Path path, KeyPair pair, String comment, char[] passphraseOrNull)
            throws IOException, InvalidKeyException {
        writeSecret(path, PuttyPrivateKey.write(pair, comment, passphraseOrNull));
    }

    /**
     * Wipes the UTF-8 copy it writes; the writers' String, which holds an unencrypted key in the
     * clear, cannot be wiped and is left to the garbage collector.
     */
    private static void writeSecret(Path path, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFile.write(path, bytes, OWNER_ONLY);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
