// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.wire;

/**
 * Text a peer sent (a name, a version line, a description), made safe to put into an exception
 * message or a log: control and invisible formatting characters (which could forge log lines or
 * reorder what an operator reads) become {@code ?}, and the text is cut at a length, with
 * {@code ...} saying so. RFC 4251 section 9.2 asks implementations to take care with such strings.
 */
public final class PeerText {
    private PeerText() {}

    /**
     * @param text what the peer sent
     * @param max the most characters kept
     */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            boolean hidden = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
            out.append(hidden ? '?' : c);
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
