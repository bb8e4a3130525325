// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Private key files in the formats ssh-keygen and OpenSSL write, told apart by their armor:
 * {@code OPENSSH PRIVATE KEY} (OpenSSH PROTOCOL.key), {@code PRIVATE KEY} (PKCS#8, RFC 5208/5958),
 * {@code RSA PRIVATE KEY} (PKCS#1, RFC 8017) and {@code EC PRIVATE KEY} (SEC1, RFC 5915). OpenSSH
 * keys may be encrypted (bcrypt KDF with AES); the PEM formats must not be. Encrypted PEM, PuTTY and
 * DSA keys are recognized and refused with a message that says so. Files are written in the
 * OpenSSH format, unencrypted, owner-only, and replaced atomically.
 */
public final class KeyFiles {
    /** Far above any real key file; stops a wrong path from reading a huge file into memory. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFiles() {
    }

    /**
     * Loads a private key file.
     *
     * @param passphrase for encrypted OpenSSH keys; may be null for unencrypted ones
     * @throws IOException if the file cannot be read or is larger than 1 MiB
     * @throws GeneralSecurityException if it holds no usable private key (see {@link #parse})
     */
    public static KeyPair load(Path path, char[] passphrase) throws IOException, GeneralSecurityException {
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IOException("key file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        byte[] bytes = Files.readAllBytes(path);
        try {
            return parse(new String(bytes, StandardCharsets.UTF_8), passphrase);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Parses the text of a private key file.
     *
     * @throws InvalidKeySpecException if the text is damaged or is not a private key
     * @throws NoSuchAlgorithmException if the format, key type or encryption is not supported
     * @throws java.security.UnrecoverableKeyException if an encrypted OpenSSH key gets no passphrase
     *     or a wrong one (or its check ints are damaged)
     */
    public static KeyPair parse(String text, char[] passphrase) throws GeneralSecurityException {
        String start = text.stripLeading();
        if (start.startsWith("PuTTY-User-Key-File-")) {
            throw new NoSuchAlgorithmException("PuTTY private key files are not supported yet;"
                    + " convert with puttygen -O private-openssh");
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
                        return PemPrivateKeys.pkcs8(block.data());
                    case "RSA PRIVATE KEY":
                        refuseLegacyEncryption(block);
                        return PemPrivateKeys.pkcs1(block.data());
                    case "EC PRIVATE KEY":
                        refuseLegacyEncryption(block);
                        return PemPrivateKeys.sec1(block.data(), null);
                    case "EC PARAMETERS":
                        continue; // openssl ecparam -genkey writes the curve before the key
                    case "ENCRYPTED PRIVATE KEY":
                        throw new NoSuchAlgorithmException("encrypted PKCS#8 private keys are not supported;"
                                + " decrypt with openssl pkcs8");
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

    private static void refuseLegacyEncryption(PemBlock block) throws NoSuchAlgorithmException {
        if (block.isLegacyEncrypted()) {
            throw new NoSuchAlgorithmException("encrypted " + block.label().toLowerCase(Locale.ROOT)
                    + " files are not supported; decrypt with ssh-keygen -p or openssl");
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
        byte[] bytes = OpenSshPrivateKey.write(pair, comment).getBytes(StandardCharsets.US_ASCII);
        Path target = path.toAbsolutePath();
        Path directory = target.getParent();
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        String prefix = "." + target.getFileName() + ".";
        Path temporary = posix
                ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(directory, prefix, ".tmp");
        try {
            if (posix) {
                // The creation attribute is subject to the umask, which can only remove bits; setting
                // it again makes the mode exactly 0600 whatever the file system did.
                Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
