// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SSH public key file format of RFC 4716 ({@code ssh-keygen -e}, {@code puttygen -O public}):
 * <pre>
 * ---- BEGIN SSH2 PUBLIC KEY ----
 * Comment: "text"
 * base64 of the RFC 4253 section 6.6 blob
 * ---- END SSH2 PUBLIC KEY ----
 * </pre>
 * Headers are {@code Tag: value}; a line ending in a backslash continues on the next (RFC 4716
 * section 3.3). Tags are matched without regard to case, and the common practice of quoting the
 * Comment value (section 3.3.2) is undone on reading and followed on writing. Lines are written at
 * most 72 bytes long, as section 3 requires.
 */
public final class Ssh2PublicKeyFile {
    static final String BEGIN = "---- BEGIN SSH2 PUBLIC KEY ----";
    static final String END = "---- END SSH2 PUBLIC KEY ----";
    private static final int MAX_LINE_BYTES = 72;
    /** ssh-keygen -e wraps the base64 at 70 columns. */
    private static final int BASE64_WIDTH = 70;
    /** RFC 4716 section 3.3: header values are at most 1024 bytes. */
    private static final int MAX_VALUE_BYTES = 1024;

    private Ssh2PublicKeyFile() {
    }

    /**
     * Reads the key; the line's comment is the Comment header without its quotes, empty when absent.
     *
     * @throws InvalidKeySpecException for a malformed file
     * @throws java.security.NoSuchAlgorithmException for a key type this bundle does not handle
     */
    public static PublicKeyLine read(String text) throws GeneralSecurityException {
        StringBuilder base64 = new StringBuilder();
        Map<String, String> headers = parse(text, base64);
        String comment = "";
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Comment")) {
                comment = unquote(header.getValue());
            }
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("the base64 of the RFC 4716 public key is damaged");
        }
        String type = PublicKeyLine.blobType(blob);
        if (type == null) {
            throw new InvalidKeySpecException("the RFC 4716 public key blob does not start with its key type");
        }
        PublicKeyBlob.decode(blob);
        return new PublicKeyLine(type, blob, comment.replace('\r', ' ').replace('\n', ' '));
    }

    /** The headers in file order, continuation lines joined, values as written (quotes kept). */
    public static Map<String, String> readHeaders(String text) throws InvalidKeySpecException {
        return parse(text, new StringBuilder());
    }

    private static Map<String, String> parse(String text, StringBuilder base64) throws InvalidKeySpecException {
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].strip().equals(BEGIN)) {
            i++;
        }
        if (i == lines.length) {
            throw new InvalidKeySpecException("no " + BEGIN + " line found");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        boolean inHeaders = true;
        for (i++; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(END)) {
                if (base64.length() == 0) {
                    throw new InvalidKeySpecException("RFC 4716 public key file holds no key");
                }
                return Collections.unmodifiableMap(headers);
            }
            int colon = line.indexOf(':');
            if (inHeaders && colon > 0) {
                StringBuilder value = new StringBuilder(line.substring(colon + 1).stripLeading());
                while (value.length() > 0 && value.charAt(value.length() - 1) == '\\') {
                    value.setLength(value.length() - 1);
                    if (++i >= lines.length) {
                        throw new InvalidKeySpecException("RFC 4716 header continues past the end of the file");
                    }
                    // Only the line end is dropped: a break may fall just before a space.
                    value.append(lines[i].stripTrailing());
                }
                if (value.toString().getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                    throw new InvalidKeySpecException("RFC 4716 header value is longer than 1024 bytes");
                }
                headers.put(line.substring(0, colon), value.toString());
                continue;
            }
            inHeaders = false;
            base64.append(line);
        }
        throw new InvalidKeySpecException("no " + END + " line found");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The file for a key line, with its comment (if any) as a quoted Comment header. */
    public static String write(PublicKeyLine line) {
        StringBuilder out = new StringBuilder(1024);
        out.append(BEGIN).append('\n');
        if (!line.comment().isEmpty()) {
            appendHeader(out, "Comment", "\"" + line.comment() + "\"");
        }
        String base64 = Base64.getEncoder().encodeToString(line.blob());
        for (int i = 0; i < base64.length(); i += BASE64_WIDTH) {
            out.append(base64, i, Math.min(base64.length(), i + BASE64_WIDTH)).append('\n');
        }
        return out.append(END).append('\n').toString();
    }

    /**
     * The file for a key.
     *
     * @throws InvalidKeyException for keys without an SSH key type
     */
    public static String write(PublicKey key, String comment) throws InvalidKeyException {
        return write(PublicKeyLine.of(key, comment));
    }

    /** Writes {@code Tag: value}, cut into lines of at most 72 bytes that end in a backslash. */
    private static void appendHeader(StringBuilder out, String tag, String value) {
        String text = tag + ": " + value;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            boolean lastOnLine = i + Character.charCount(codePoint) == text.length();
            // Keep room for the backslash unless this character ends the header.
            if (bytes + size > MAX_LINE_BYTES - (lastOnLine ? 0 : 1)) {
                out.append("\\\n");
                bytes = 0;
            }
            out.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        out.append('\n');
    }
}
