// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.util.EnumSet;
import java.util.Set;

/** The {@code pflags} of {@code SSH_FXP_OPEN} (draft-ietf-secsh-filexfer-02 section 6.3). */
public enum OpenFlag {
    /** {@code SSH_FXF_READ}. */
    READ(0x01),
    /** {@code SSH_FXF_WRITE}. */
    WRITE(0x02),
    /** {@code SSH_FXF_APPEND}: writes go to the end of the file whatever their offset. */
    APPEND(0x04),
    /** {@code SSH_FXF_CREAT}: create the file if it does not exist. */
    CREATE(0x08),
    /** {@code SSH_FXF_TRUNC}: truncate an existing file; needs {@link #CREATE}. */
    TRUNCATE(0x10),
    /** {@code SSH_FXF_EXCL}: fail if the file exists; needs {@link #CREATE}. */
    EXCLUSIVE(0x20);

    private final int bit;

    OpenFlag(int bit) {
        this.bit = bit;
    }

    /** The bit on the wire. */
    public int bit() {
        return bit;
    }

    /** The wire bits of {@code flags}. */
    public static int toBits(Set<OpenFlag> flags) {
        int bits = 0;
        for (OpenFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    /** The flags of wire bits; unknown bits are ignored, as OpenSSH's sftp-server does. */
    public static Set<OpenFlag> fromBits(int bits) {
        Set<OpenFlag> flags = EnumSet.noneOf(OpenFlag.class);
        for (OpenFlag flag : values()) {
            if ((bits & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /**
     * The flags of a Python-style mode as paramiko's {@code open} takes it: {@code r}, {@code w},
     * {@code a}, {@code x}, each optionally with {@code +}; {@code b} and {@code t} are ignored.
     *
     * @throws IllegalArgumentException for any other mode
     */
    public static Set<OpenFlag> fromMode(String mode) {
        String plain = mode.replace("b", "").replace("t", "");
        Set<OpenFlag> flags = switch (plain.replace("+", "")) {
            case "r" -> EnumSet.of(READ);
            case "w" -> EnumSet.of(WRITE, CREATE, TRUNCATE);
            case "a" -> EnumSet.of(WRITE, CREATE, APPEND);
            case "x" -> EnumSet.of(WRITE, CREATE, EXCLUSIVE);
            default -> throw new IllegalArgumentException("invalid file mode: " + mode);
        };
        if (plain.indexOf('+') != plain.lastIndexOf('+') || plain.indexOf('+') >= 0 && !plain.endsWith("+")) {
            throw new IllegalArgumentException("invalid file mode: " + mode);
        }
        if (plain.endsWith("+")) {
            flags.add(READ);
            flags.add(WRITE);
        }
        return flags;
    }
}
