// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4254 section 8's encoded terminal modes read as {@code stty} arguments. */
class TerminalModesTest {
    /** Opcode and uint32 pairs, then TTY_OP_END. */
    private static byte[] modes(int... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pairs.length; i += 2) {
            out.write(pairs[i]);
            int value = pairs[i + 1];
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }
        out.write(0);
        return out.toByteArray();
    }

    @Test
    void charactersFlagsAndCharacterSize() {
        // VINTR ^C, VERASE ^H, VEOL disabled (255), ICRNL on, IUTF8 on (RFC 8160), ECHO off, CS7 and CS8 set
        byte[] encoded = modes(1, 3, 3, 8, 6, 255, 36, 1, 42, 1, 53, 0, 90, 1, 91, 1);
        assertEquals(List.of("intr", "0x03", "erase", "0x08", "eol", "undef", "icrnl", "iutf8", "-echo", "cs8"),
                read(encoded));
    }

    @Test
    void sevenBitCharactersWhenOnlyCs7IsSet() {
        assertEquals(List.of("parenb", "cs7"), read(modes(90, 1, 91, 0, 92, 1)));
    }

    /** Speeds mean nothing to a pseudo-terminal; VDSUSP, VSTATUS and PENDIN are not Linux's; unknown opcodes pass. */
    @Test
    void whatLinuxOrSttyHasNoNameForIsLeftOut() {
        assertEquals(List.of("isig"), read(modes(128, 38400, 129, 38400, 11, 25, 17, 20, 62, 1, 99, 7, 50, 1)));
    }

    /** A character beyond a byte keeps its low byte, as sshd's cc_t keeps it. */
    @Test
    void aCharacterValueBeyondAByteKeepsItsLowByte() {
        assertEquals(List.of("intr", "0x01", "kill", "0x15"), read(modes(1, 257, 4, 0x15)));
    }

    /**
     * As sshd: modes that end at TTY_OP_END or at the end of the stream are set; bytes left after
     * TTY_OP_END or an undefined opcode (section 8: 160 to 255 stop the parse), or a value cut
     * short, set none.
     */
    @Test
    void bytesLeftOverOrCutShortSetNoModes() {
        assertEquals(List.of("echo"), read(Arrays.copyOf(modes(53, 1), 5)));
        assertEquals(List.of(), read(modes(53, 1, 160, 0, 54, 1)));
        byte[] afterEnd = Arrays.copyOf(modes(53, 1), 7);
        afterEnd[6] = 54;
        assertEquals(List.of(), read(afterEnd));
        assertEquals(List.of(), read(Arrays.copyOf(modes(53, 1, 54, 1), 8)));
        assertEquals(List.of(), read(new byte[0]));
        assertEquals(List.of(), read(new byte[] {0}));
    }

    private static List<String> read(byte[] encoded) {
        return TerminalModes.sttyArguments(encoded);
    }
}
