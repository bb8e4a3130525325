// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.wire;

/** The packet types of SFTP version 3 (draft-ietf-secsh-filexfer-02 section 3). */
public final class PacketType {
    public static final int INIT = 1;
    public static final int VERSION = 2;
    public static final int OPEN = 3;
    public static final int CLOSE = 4;
    public static final int READ = 5;
    public static final int WRITE = 6;
    public static final int LSTAT = 7;
    public static final int FSTAT = 8;
    public static final int SETSTAT = 9;
    public static final int FSETSTAT = 10;
    public static final int OPENDIR = 11;
    public static final int READDIR = 12;
    public static final int REMOVE = 13;
    public static final int MKDIR = 14;
    public static final int RMDIR = 15;
    public static final int REALPATH = 16;
    public static final int STAT = 17;
    public static final int RENAME = 18;
    public static final int READLINK = 19;
    public static final int SYMLINK = 20;
    public static final int STATUS = 101;
    public static final int HANDLE = 102;
    public static final int DATA = 103;
    public static final int NAME = 104;
    public static final int ATTRS = 105;
    public static final int EXTENDED = 200;
    public static final int EXTENDED_REPLY = 201;

    /** The protocol version both sides speak. */
    public static final int SFTP_VERSION = 3;

    private PacketType() {}

    /** The draft's name of a type, for messages. */
    public static String name(int type) {
        return switch (type) {
            case INIT -> "SSH_FXP_INIT";
            case VERSION -> "SSH_FXP_VERSION";
            case OPEN -> "SSH_FXP_OPEN";
            case CLOSE -> "SSH_FXP_CLOSE";
            case READ -> "SSH_FXP_READ";
            case WRITE -> "SSH_FXP_WRITE";
            case LSTAT -> "SSH_FXP_LSTAT";
            case FSTAT -> "SSH_FXP_FSTAT";
            case SETSTAT -> "SSH_FXP_SETSTAT";
            case FSETSTAT -> "SSH_FXP_FSETSTAT";
            case OPENDIR -> "SSH_FXP_OPENDIR";
            case READDIR -> "SSH_FXP_READDIR";
            case REMOVE -> "SSH_FXP_REMOVE";
            case MKDIR -> "SSH_FXP_MKDIR";
            case RMDIR -> "SSH_FXP_RMDIR";
            case REALPATH -> "SSH_FXP_REALPATH";
            case STAT -> "SSH_FXP_STAT";
            case RENAME -> "SSH_FXP_RENAME";
            case READLINK -> "SSH_FXP_READLINK";
            case SYMLINK -> "SSH_FXP_SYMLINK";
            case STATUS -> "SSH_FXP_STATUS";
            case HANDLE -> "SSH_FXP_HANDLE";
            case DATA -> "SSH_FXP_DATA";
            case NAME -> "SSH_FXP_NAME";
            case ATTRS -> "SSH_FXP_ATTRS";
            case EXTENDED -> "SSH_FXP_EXTENDED";
            case EXTENDED_REPLY -> "SSH_FXP_EXTENDED_REPLY";
            default -> "type " + type;
        };
    }
}
