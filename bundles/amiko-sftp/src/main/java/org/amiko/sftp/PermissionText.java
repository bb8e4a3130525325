// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

/** The {@code ls -l} rendering of a mode, as OpenSSH's {@code strmode}. */
final class PermissionText {
    private PermissionText() {}

    static String of(int mode, boolean known) {
        char[] text = new char[10];
        text[0] = !known ? '?' : switch (mode & SftpAttributes.TYPE_MASK) {
            case SftpAttributes.TYPE_DIRECTORY -> 'd';
            case SftpAttributes.TYPE_SYMLINK -> 'l';
            case SftpAttributes.TYPE_CHAR_DEVICE -> 'c';
            case SftpAttributes.TYPE_BLOCK_DEVICE -> 'b';
            case SftpAttributes.TYPE_FIFO -> 'p';
            case SftpAttributes.TYPE_SOCKET -> 's';
            case SftpAttributes.TYPE_REGULAR -> '-';
            default -> '?';
        };
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text[i + 1] = (mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-';
        }
        text[3] = special(mode & 04000, text[3], 's');
        text[6] = special(mode & 02000, text[6], 's');
        text[9] = special(mode & 01000, text[9], 't');
        return new String(text);
    }

    /** setuid, setgid and sticky show in the execute column: lower case when executable too. */
    private static char special(int bit, char execute, char letter) {
        if (bit == 0) {
            return execute;
        }
        return execute == 'x' ? letter : Character.toUpperCase(letter);
    }
}
