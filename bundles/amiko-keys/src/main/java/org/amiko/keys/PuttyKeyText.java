// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The outer, text layer of a PuTTY key file (PuTTY manual appendix C.2), read field by field in the
 * order PuTTY writes and requires them:
 * <pre>
 * PuTTY-User-Key-File-{2,3}: algorithm
 * Encryption: none | aes256-cbc
 * Comment: text
 * Public-Lines: n, then n lines of base64
 * (version 3, encrypted) Key-Derivation, Argon2-Memory, Argon2-Passes, Argon2-Parallelism, Argon2-Salt
 * Private-Lines: n, then n lines of base64
 * Private-MAC: hex
 * </pre>
 * LF, CR LF and CR line ends are all accepted, as PuTTY accepts them.
 */
record PuttyKeyText(int version, String algorithm, String encryption, String comment, byte[] publicBlob,
        PuttyKeyDerivation derivation, byte[] salt, byte[] privateBlob, byte[] mac) {
    /** Far more than a 16384-bit RSA key needs. */
    private static final int MAX_LINES = 1024;

    static PuttyKeyText parse(String text) throws InvalidKeySpecException, NoSuchAlgorithmException {
        Lines lines = new Lines(text.stripLeading().split("\r\n|\r|\n", -1));
        String first = lines.next();
        int colon = first.indexOf(": ");
        if (!first.startsWith(PuttyPrivateKey.PREFIX) || colon < 0) {
            throw new InvalidKeySpecException("not a PuTTY private key file");
        }
        String versionText = first.substring(PuttyPrivateKey.PREFIX.length(), colon);
        if (!versionText.equals("2") && !versionText.equals("3")) {
            throw new NoSuchAlgorithmException("PuTTY key file version " + KeyType.printable(versionText)
                    + " is not supported; versions 2 and 3 are");
        }
        int version = Integer.parseInt(versionText);
        String algorithm = first.substring(colon + 2);
        KeyType.of(algorithm);
        String encryption = lines.value("Encryption");
        if (!encryption.equals("none") && !encryption.equals("aes256-cbc")) {
            throw new NoSuchAlgorithmException("PuTTY key file encryption " + KeyType.printable(encryption)
                    + " is not supported");
        }
        String comment = lines.value("Comment");
        byte[] publicBlob = lines.base64("Public-Lines");
        PuttyKeyDerivation derivation = null;
        byte[] salt = null;
        if (version == 3 && encryption.equals("aes256-cbc")) {
            derivation = PuttyKeyDerivation.checked(variant(lines.value("Key-Derivation")),
                    lines.number("Argon2-Memory"), lines.number("Argon2-Passes"), lines.number("Argon2-Parallelism"));
            salt = lines.hex("Argon2-Salt");
        }
        byte[] privateBlob = lines.base64("Private-Lines");
        byte[] mac = lines.hex("Private-MAC");
        return new PuttyKeyText(version, algorithm, encryption, comment, publicBlob, derivation, salt, privateBlob, mac);
    }

    private static Argon2.Variant variant(String name) throws NoSuchAlgorithmException {
        for (Argon2.Variant variant : Argon2.Variant.values()) {
            if (variant.puttyName.equals(name)) {
                return variant;
            }
        }
        throw new NoSuchAlgorithmException("PuTTY key derivation " + KeyType.printable(name) + " is not supported");
    }

    /** A cursor over the lines, reading {@code Name: value} fields that must come in order. */
    private static final class Lines {
        private final String[] lines;
        private int next;

        Lines(String[] lines) {
            this.lines = lines;
        }

        String next() throws InvalidKeySpecException {
            if (next >= lines.length) {
                throw new InvalidKeySpecException("PuTTY key file ends early");
            }
            return lines[next++];
        }

        String value(String name) throws InvalidKeySpecException {
            String line = next();
            if (!line.startsWith(name + ": ")) {
                throw new InvalidKeySpecException("PuTTY key file lacks its " + name + " line where expected");
            }
            return line.substring(name.length() + 2);
        }

        long number(String name) throws InvalidKeySpecException {
            String value = value(name);
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidKeySpecException("PuTTY key file " + name + " is not a number");
            }
            return Long.parseLong(value);
        }

        byte[] hex(String name) throws InvalidKeySpecException {
            String value = value(name);
            try {
                if (value.isEmpty() || value.length() > 2048) {
                    throw new IllegalArgumentException("length");
                }
                return HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidKeySpecException("PuTTY key file " + name + " is not hexadecimal");
            }
        }

        byte[] base64(String countName) throws InvalidKeySpecException {
            long count = number(countName);
            if (count > MAX_LINES) {
                throw new InvalidKeySpecException("PuTTY key file " + countName + " is larger than " + MAX_LINES);
            }
            StringBuilder base64 = new StringBuilder();
            for (long i = 0; i < count; i++) {
                base64.append(next().strip());
            }
            try {
                if (base64.length() % 4 != 0) {
                    throw new IllegalArgumentException("not a whole number of base64 quanta");
                }
                return Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidKeySpecException("PuTTY key file base64 after " + countName
                        + " is damaged or truncated");
            } finally {
                base64.setLength(0);
            }
        }
    }
}
