// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared value types: open modes, attributes, status codes, extensions. */
class SftpTypesTest {

    @Test
    void pythonModesMapToFlagsAsParamikoDoes() {
        assertEquals(EnumSet.of(OpenFlag.READ), OpenFlag.fromMode("r"));
        assertEquals(EnumSet.of(OpenFlag.READ), OpenFlag.fromMode("rb"));
        assertEquals(EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE), OpenFlag.fromMode("w"));
        assertEquals(EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.APPEND), OpenFlag.fromMode("a"));
        assertEquals(EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.EXCLUSIVE), OpenFlag.fromMode("x"));
        assertEquals(EnumSet.of(OpenFlag.READ, OpenFlag.WRITE), OpenFlag.fromMode("r+"));
        assertEquals(EnumSet.of(OpenFlag.READ, OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE),
                OpenFlag.fromMode("w+b"));
        assertThrows(IllegalArgumentException.class, () -> OpenFlag.fromMode("rw"));
        assertThrows(IllegalArgumentException.class, () -> OpenFlag.fromMode("+r"));
        assertThrows(IllegalArgumentException.class, () -> OpenFlag.fromMode(""));
    }

    @Test
    void flagBitsAreTheDraftsValues() {
        assertEquals(0x3f, OpenFlag.toBits(EnumSet.allOf(OpenFlag.class)));
        assertEquals(EnumSet.of(OpenFlag.WRITE, OpenFlag.TRUNCATE), OpenFlag.fromBits(0x12 | 0x1000));
    }

    @Test
    void attributesKeepOnlyPresentFields() {
        SftpAttributes attributes = new SftpAttributes(SftpAttributes.FLAG_SIZE, 10, 5, 6, 0777, 1, 2, Map.of());
        assertEquals(10, attributes.size());
        assertEquals(0, attributes.uid());
        assertEquals(0, attributes.permissions());
        assertFalse(attributes.has(SftpAttributes.FLAG_UIDGID));
        assertEquals("?---------", attributes.modeString());
        assertEquals(null, attributes.lastModified());
    }

    @Test
    void attributesRejectWhatTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> SftpAttributes.EMPTY.withTimes(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> SftpAttributes.EMPTY.withTimes(0, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> SftpAttributes.EMPTY.withSize(-1));
    }

    @Test
    void modeStringFollowsLs() {
        assertEquals("drwxr-xr-x", SftpAttributes.EMPTY.withPermissions(SftpAttributes.TYPE_DIRECTORY | 0755)
                .modeString());
        assertEquals("lrwxrwxrwx", SftpAttributes.EMPTY.withPermissions(SftpAttributes.TYPE_SYMLINK | 0777)
                .modeString());
        assertEquals("-rwsr-sr-t", SftpAttributes.EMPTY.withPermissions(SftpAttributes.TYPE_REGULAR | 07755)
                .modeString());
        assertEquals("-rwSr-Sr-T", SftpAttributes.EMPTY.withPermissions(SftpAttributes.TYPE_REGULAR | 07644)
                .modeString());
        assertTrue(SftpAttributes.EMPTY.withPermissions(SftpAttributes.TYPE_DIRECTORY).isDirectory());
    }

    @Test
    void statusCodesAndExceptions() {
        assertEquals(SftpStatus.PERMISSION_DENIED, SftpStatus.of(3));
        assertEquals(SftpStatus.UNKNOWN, SftpStatus.of(21));
        SftpException later = new SftpException(21, "");
        assertEquals(21, later.getCode());
        assertEquals(SftpStatus.UNKNOWN, later.getStatus());
        assertEquals("Unknown error", later.getMessage());
        assertTrue(new SftpException(SftpStatus.NO_SUCH_FILE, "x") instanceof org.amiko.SshException);
    }

    @Test
    void extensionsByWireName() {
        assertEquals(SftpExtension.STATVFS, SftpExtension.of("statvfs@openssh.com").orElseThrow());
        assertEquals("2", SftpExtension.FSTATVFS.version());
        assertTrue(SftpExtension.of("check-file").isEmpty());
    }
}
