// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.client;

import java.util.ArrayList;
import java.util.List;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpPacket;

/**
 * Reads the replies of draft-ietf-secsh-filexfer-02 section 7 the way a request expects them: the
 * expected type, or {@code SSH_FXP_STATUS} turned into an {@link SftpException} that names the
 * operation and path ({@code context}) and carries the server's message.
 */
public final class Replies {
    /** The draft allows handles of up to 256 bytes. */
    private static final int MAX_HANDLE = 256;
    /** Each name needs at least its two strings' lengths and the ATTRS flags. */
    private static final int MIN_NAME = 12;

    private Replies() {}

    /** Expects {@code SSH_FX_OK}. */
    public static void ok(SftpPacket reply, String context) throws SftpException {
        if (reply.type() != PacketType.STATUS) {
            throw unexpected(reply, "SSH_FXP_STATUS", context);
        }
        throwUnlessOk(reply, context);
    }

    public static byte[] handle(SftpPacket reply, String context) throws SftpException {
        if (reply.type() == PacketType.HANDLE) {
            byte[] handle = reply.readString();
            if (handle.length > MAX_HANDLE) {
                throw new SftpException(SftpStatus.BAD_MESSAGE, context + ": handle of " + handle.length + " bytes");
            }
            return handle;
        }
        throw error(reply, "SSH_FXP_HANDLE", context);
    }

    /** The data of {@code SSH_FXP_DATA}, or null for {@code SSH_FX_EOF}. */
    public static byte[] data(SftpPacket reply, String context) throws SftpException {
        if (reply.type() == PacketType.DATA) {
            return reply.readString();
        }
        if (isEof(reply, context)) {
            return null;
        }
        throw error(reply, "SSH_FXP_DATA", context);
    }

    public static SftpAttributes attributes(SftpPacket reply, String context) throws SftpException {
        if (reply.type() == PacketType.ATTRS) {
            return reply.readAttributes();
        }
        throw error(reply, "SSH_FXP_ATTRS", context);
    }

    /** The names of {@code SSH_FXP_NAME}, or null for {@code SSH_FX_EOF} (the end of a directory). */
    public static List<SftpEntry> names(SftpPacket reply, String context) throws SftpException {
        if (reply.type() == PacketType.NAME) {
            long count = Integer.toUnsignedLong(reply.readUint32());
            if (count > reply.remaining() / MIN_NAME) {
                throw new SftpException(SftpStatus.BAD_MESSAGE,
                        context + ": SSH_FXP_NAME claims " + count + " names in " + reply.remaining() + " bytes");
            }
            List<SftpEntry> names = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                names.add(new SftpEntry(reply.readText(), reply.readText(), reply.readAttributes()));
            }
            return names;
        }
        if (isEof(reply, context)) {
            return null;
        }
        throw error(reply, "SSH_FXP_NAME", context);
    }

    /** The one name of a {@code REALPATH}-style reply. */
    public static String name(SftpPacket reply, String context) throws SftpException {
        List<SftpEntry> names = names(reply, context);
        if (names == null || names.size() != 1) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, context + ": expected one name, the server sent "
                    + (names == null ? "none" : names.size()));
        }
        return names.get(0).filename();
    }

    /** {@code SSH_FXP_EXTENDED_REPLY}, positioned at its data. */
    public static SftpPacket extended(SftpPacket reply, String context) throws SftpException {
        if (reply.type() == PacketType.EXTENDED_REPLY) {
            return reply;
        }
        throw error(reply, "SSH_FXP_EXTENDED_REPLY", context);
    }

    private static boolean isEof(SftpPacket reply, String context) throws SftpException {
        if (reply.type() != PacketType.STATUS) {
            return false;
        }
        int code = reply.readUint32();
        if (code == SftpStatus.EOF.code()) {
            return true;
        }
        throw status(reply, code, context);
    }

    private static SftpException error(SftpPacket reply, String expected, String context) throws SftpException {
        if (reply.type() == PacketType.STATUS) {
            throwUnlessOk(reply, context);
            return new SftpException(SftpStatus.BAD_MESSAGE, context + ": expected " + expected + ", got SSH_FX_OK");
        }
        return unexpected(reply, expected, context);
    }

    private static void throwUnlessOk(SftpPacket reply, String context) throws SftpException {
        int code = reply.readUint32();
        if (code != SftpStatus.OK.code()) {
            throw status(reply, code, context);
        }
    }

    private static SftpException status(SftpPacket reply, int code, String context) throws SftpException {
        // version 3 servers of old may omit the message and language tag
        String message = reply.remaining() >= 4 ? reply.readText() : "";
        if (message.isEmpty()) {
            message = SftpStatus.of(code).text();
        }
        return new SftpException(code, context == null ? message : context + ": " + message);
    }

    private static SftpException unexpected(SftpPacket reply, String expected, String context) {
        return new SftpException(SftpStatus.BAD_MESSAGE,
                context + ": expected " + expected + ", the server sent " + PacketType.name(reply.type()));
    }
}
