// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * The encoded terminal modes of a {@code pty-req} (RFC 4254 section 8), decoded: each opcode with
 * its uint32 value. Two sessions' terminals set them, a {@code shell=os} one through {@code stty}
 * and an in-process one on its JLine terminal ({@link ChannelTerminal}).
 */
public final class PtyModes {
    /** The value that disables a special character (section 8), {@code _POSIX_VDISABLE}. */
    public static final long DISABLED = 255;
    private static final int TTY_OP_END = 0;
    /** Opcodes 160 to 255 are not defined, "and cause parsing to stop" (section 8). */
    private static final int FIRST_UNDEFINED = 160;

    private PtyModes() {
    }

    /**
     * The modes in the order sent, a repeated opcode keeping its last value. As sshd's
     * {@code ssh_tty_parse_modes}, a stream that stops with bytes left (after {@code TTY_OP_END} or
     * an undefined opcode) sets no modes, nor does one cut short, where sshd disconnects: then the
     * map is empty.
     */
    public static Map<Integer, Long> decode(byte[] encoded) {
        Map<Integer, Long> modes = new LinkedHashMap<>();
        WireReader reader = new WireReader(encoded);
        try {
            while (!reader.isEmpty()) {
                int opcode = reader.readByte();
                if (opcode == TTY_OP_END || opcode >= FIRST_UNDEFINED) {
                    if (!reader.isEmpty()) {
                        return Map.of();
                    }
                    break;
                }
                modes.put(opcode, Integer.toUnsignedLong(reader.readUint32()));
            }
        } catch (WireFormatException e) {
            // a value cut short
            return Map.of();
        }
        return Collections.unmodifiableMap(modes);
    }
}
