// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.spi.wire.WireWriter;

/** The {@code ATTRS} encoding of SFTP version 3 (draft-ietf-secsh-filexfer-02 section 5). */
public final class AttributesCodec {
    /** Each extended pair takes at least two empty strings: 8 bytes. */
    private static final int MIN_EXTENDED_PAIR = 8;
    private static final int KNOWN_FLAGS = SftpAttributes.FLAG_SIZE | SftpAttributes.FLAG_UIDGID
            | SftpAttributes.FLAG_PERMISSIONS | SftpAttributes.FLAG_ACMODTIME | SftpAttributes.FLAG_EXTENDED;

    private AttributesCodec() {}

    public static SftpAttributes read(SftpPacket in) throws SftpException {
        int flags = in.readUint32();
        if ((flags & ~KNOWN_FLAGS) != 0) {
            // a later draft's field would make the rest unreadable: refuse rather than misread
            throw new SftpException(SftpStatus.BAD_MESSAGE,
                    "ATTRS with unknown flags 0x" + Integer.toHexString(flags & ~KNOWN_FLAGS));
        }
        long size = 0;
        if ((flags & SftpAttributes.FLAG_SIZE) != 0) {
            size = in.readUint64();
            if (size < 0) {
                throw new SftpException(SftpStatus.BAD_MESSAGE, "ATTRS size beyond 2^63-1");
            }
        }
        int uid = 0;
        int gid = 0;
        if ((flags & SftpAttributes.FLAG_UIDGID) != 0) {
            uid = in.readUint32();
            gid = in.readUint32();
        }
        int permissions = (flags & SftpAttributes.FLAG_PERMISSIONS) != 0 ? in.readUint32() : 0;
        long atime = 0;
        long mtime = 0;
        if ((flags & SftpAttributes.FLAG_ACMODTIME) != 0) {
            atime = Integer.toUnsignedLong(in.readUint32());
            mtime = Integer.toUnsignedLong(in.readUint32());
        }
        Map<String, byte[]> extended = new LinkedHashMap<>();
        if ((flags & SftpAttributes.FLAG_EXTENDED) != 0) {
            long count = Integer.toUnsignedLong(in.readUint32());
            if (count > in.remaining() / MIN_EXTENDED_PAIR) {
                throw new SftpException(SftpStatus.BAD_MESSAGE,
                        "ATTRS claims " + count + " extended attributes in " + in.remaining() + " bytes");
            }
            for (long i = 0; i < count; i++) {
                extended.put(in.readText(), in.readString());
            }
        }
        return new SftpAttributes(flags, size, uid, gid, permissions, atime, mtime, extended);
    }

    public static WireWriter write(WireWriter out, SftpAttributes attributes) {
        out.writeUint32(attributes.flags());
        if (attributes.has(SftpAttributes.FLAG_SIZE)) {
            out.writeUint64(attributes.size());
        }
        if (attributes.has(SftpAttributes.FLAG_UIDGID)) {
            out.writeUint32(attributes.uid()).writeUint32(attributes.gid());
        }
        if (attributes.has(SftpAttributes.FLAG_PERMISSIONS)) {
            out.writeUint32(attributes.permissions());
        }
        if (attributes.has(SftpAttributes.FLAG_ACMODTIME)) {
            out.writeUint32((int) attributes.atime()).writeUint32((int) attributes.mtime());
        }
        if (attributes.has(SftpAttributes.FLAG_EXTENDED)) {
            Map<String, byte[]> extended = attributes.extended();
            out.writeUint32(extended.size());
            extended.forEach((type, data) -> out.writeString(type).writeString(data));
        }
        return out;
    }
}
