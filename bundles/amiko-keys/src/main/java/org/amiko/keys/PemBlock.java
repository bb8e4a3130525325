// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ASCII-armored block, {@code -----BEGIN LABEL-----}, base64, {@code -----END LABEL-----}
 * (RFC 7468; the {@code Name: value} headers of RFC 1421 section 4.6 that OpenSSL writes for
 * encrypted legacy keys are kept so that such keys can be recognized). Text outside blocks is
 * ignored, as RFC 7468 section 2 allows; inside a block the base64 must be exact.
 *
 * @param label the text between {@code BEGIN } and the dashes
 * @param headers RFC 1421 headers, empty for RFC 7468 blocks
 * @param data the decoded body; may be a secret, so callers clear it when done
 */
record PemBlock(String label, Map<String, String> headers, byte[] data) {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** Every block in the text, in order. */
    static List<PemBlock> parseAll(String text) throws InvalidKeySpecException {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<PemBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN)) {
                continue;
            }
            if (!line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                throw new InvalidKeySpecException("malformed armor line: BEGIN without closing dashes");
            }
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String endLine = END + label + DASHES;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean inHeaders = true;
            int j = i + 1;
            for (; j < lines.length; j++) {
                String body = lines[j].strip();
                if (body.equals(endLine)) {
                    break;
                }
                if (body.startsWith(END) || body.startsWith(BEGIN)) {
                    throw new InvalidKeySpecException("armor for " + KeyType.printable(label)
                            + " ends with a mismatched or missing END line");
                }
                int colon = body.indexOf(':');
                if (inHeaders && colon > 0) {
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                    continue;
                }
                inHeaders = false;
                base64.append(body);
            }
            if (j == lines.length) {
                throw new InvalidKeySpecException("armor for " + KeyType.printable(label) + " has no END line");
            }
            blocks.add(new PemBlock(label, Map.copyOf(headers), decode(base64, label)));
            i = j;
        }
        if (blocks.isEmpty()) {
            throw new InvalidKeySpecException("no -----BEGIN ...----- armor found");
        }
        return blocks;
    }

    /** The one block in the text, which must carry {@code label}. */
    static PemBlock parse(String text, String label) throws InvalidKeySpecException {
        for (PemBlock block : parseAll(text)) {
            if (block.label.equals(label)) {
                return block;
            }
            block.wipe();
        }
        throw new InvalidKeySpecException("no " + label + " block found");
    }

    private static byte[] decode(StringBuilder base64, String label) throws InvalidKeySpecException {
        try {
            // RFC 7468 base64 is padded; java.util.Base64 would quietly accept a truncated last quantum.
            if (base64.length() % 4 != 0) {
                throw new IllegalArgumentException("not a whole number of base64 quanta");
            }
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("the base64 inside the " + KeyType.printable(label)
                    + " armor is damaged or truncated");
        } finally {
            base64.setLength(0);
        }
    }

    /** Armors {@code data} with base64 lines of {@code width} characters and a final newline. */
    static String format(String label, byte[] data, int width) {
        String base64 = Base64.getEncoder().encodeToString(data);
        StringBuilder out = new StringBuilder(base64.length() + base64.length() / width + 80);
        out.append(BEGIN).append(label).append(DASHES).append('\n');
        for (int i = 0; i < base64.length(); i += width) {
            out.append(base64, i, Math.min(base64.length(), i + width)).append('\n');
        }
        return out.append(END).append(label).append(DASHES).append('\n').toString();
    }

    /** Whether RFC 1421 headers say the body is encrypted ({@code Proc-Type: 4,ENCRYPTED}). */
    boolean isLegacyEncrypted() {
        String procType = headers.get("Proc-Type");
        return procType != null && procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
    }

    /** Overwrites the decoded body with zeros. */
    void wipe() {
        Arrays.fill(data, (byte) 0);
    }
}
