// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.sshd.internal.PtyModes;

/**
 * The encoded terminal modes of a {@code pty-req} (RFC 4254 section 8, RFC 8160's IUTF8) as the
 * arguments of GNU {@code stty}, which sets them on the session's terminal as sshd's
 * {@code tty_parse_modes} sets them with {@code tcsetattr}.
 *
 * <p>Only modes Linux has and {@code stty} names are kept, since one argument {@code stty} does
 * not know makes it set none: not {@code VDSUSP}, {@code VSTATUS}, {@code PENDIN}, nor the line
 * speeds, which mean nothing to a pseudo-terminal. Each argument is a mode's name or a number this
 * class wrote, so none comes from the client as text.
 */
final class TerminalModes {
    private static final int CS7 = 90;
    private static final int CS8 = 91;

    private static final Map<Integer, String> CHARACTERS = Map.ofEntries(Map.entry(1, "intr"), Map.entry(2, "quit"),
            Map.entry(3, "erase"), Map.entry(4, "kill"), Map.entry(5, "eof"), Map.entry(6, "eol"),
            Map.entry(7, "eol2"), Map.entry(8, "start"), Map.entry(9, "stop"), Map.entry(10, "susp"),
            Map.entry(12, "rprnt"), Map.entry(13, "werase"), Map.entry(14, "lnext"), Map.entry(15, "flush"),
            Map.entry(16, "swtch"), Map.entry(18, "discard"));

    private static final Map<Integer, String> FLAGS = Map.ofEntries(Map.entry(30, "ignpar"), Map.entry(31, "parmrk"),
            Map.entry(32, "inpck"), Map.entry(33, "istrip"), Map.entry(34, "inlcr"), Map.entry(35, "igncr"),
            Map.entry(36, "icrnl"), Map.entry(37, "iuclc"), Map.entry(38, "ixon"), Map.entry(39, "ixany"),
            Map.entry(40, "ixoff"), Map.entry(41, "imaxbel"), Map.entry(42, "iutf8"), Map.entry(50, "isig"),
            Map.entry(51, "icanon"), Map.entry(52, "xcase"), Map.entry(53, "echo"), Map.entry(54, "echoe"),
            Map.entry(55, "echok"), Map.entry(56, "echonl"), Map.entry(57, "noflsh"), Map.entry(58, "tostop"),
            Map.entry(59, "iexten"), Map.entry(60, "echoctl"), Map.entry(61, "echoke"), Map.entry(70, "opost"),
            Map.entry(71, "olcuc"), Map.entry(72, "onlcr"), Map.entry(73, "ocrnl"), Map.entry(74, "onocr"),
            Map.entry(75, "onlret"), Map.entry(92, "parenb"), Map.entry(93, "parodd"));

    private TerminalModes() {}

    /**
     * The {@code stty} arguments for {@code encoded}: {@code intr 0x03}, {@code -echo},
     * {@code cs8}; none for a stream {@link PtyModes#decode} finds malformed.
     */
    static List<String> sttyArguments(byte[] encoded) {
        List<String> arguments = new ArrayList<>();
        boolean cs7 = false;
        boolean cs8 = false;
        for (Map.Entry<Integer, Long> mode : PtyModes.decode(encoded).entrySet()) {
            int opcode = mode.getKey();
            long value = mode.getValue();
            String character = CHARACTERS.get(opcode);
            String flag = FLAGS.get(opcode);
            if (character != null) {
                arguments.add(character);
                // sshd stores the value in a cc_t, a byte
                arguments.add(value == PtyModes.DISABLED ? "undef" : String.format("0x%02x", value & 0xFF));
            } else if (flag != null) {
                arguments.add(value != 0 ? flag : "-" + flag);
            } else if (opcode == CS7) {
                cs7 = value != 0;
            } else if (opcode == CS8) {
                cs8 = value != 0;
            }
        }
        // a client sends both bits as tests of c_cflag, and CS8 holds CS7's bits: cs8 wins
        if (cs8) {
            arguments.add("cs8");
        } else if (cs7) {
            arguments.add("cs7");
        }
        return arguments;
    }
}
