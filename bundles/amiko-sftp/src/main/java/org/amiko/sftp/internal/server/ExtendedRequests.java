// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.sftp.server.SftpFileHandle;
import org.amiko.sftp.server.SftpFileSystem;
import org.amiko.spi.wire.WireWriter;

/**
 * The server side of {@code SSH_FXP_EXTENDED} requests: the OpenSSH extensions of PROTOCOL
 * section 4 that this session advertised. Others are answered {@code SSH_FX_OP_UNSUPPORTED}.
 */
final class ExtendedRequests {
    /** Ids per {@code users-groups-by-id@openssh.com} request; each name answered costs up to 4 + 32 bytes. */
    private static final int MAX_IDS = 4096;
    private static final int COPY_CHUNK = 64 * 1024;

    private final SftpFileSystem fileSystem;
    private final HandleTable handles;
    private final Set<SftpExtension> advertised;
    private final RequestPolicy policy;
    private final UnaryOperator<String> paths;
    private final UnaryOperator<String> expandable;

    /**
     * @param paths what the session makes of a path the client sent (relative ones start from its start directory)
     * @param expandable the same for a path to expand, whose {@code ~} may be the start directory too
     */
    ExtendedRequests(SftpFileSystem fileSystem, HandleTable handles, Set<SftpExtension> advertised, RequestPolicy policy,
            UnaryOperator<String> paths, UnaryOperator<String> expandable) {
        this.fileSystem = fileSystem;
        this.handles = handles;
        this.advertised = advertised;
        this.policy = policy;
        this.paths = paths;
        this.expandable = expandable;
    }

    private String path(SftpPacket request) throws SftpException {
        return paths.apply(request.readPath());
    }

    byte[] answer(int id, SftpPacket request) throws IOException {
        String name = request.readText();
        Optional<SftpExtension> known = SftpExtension.of(name).filter(advertised::contains);
        if (known.isEmpty()) {
            return SftpServerSession.status(id, SftpStatus.OP_UNSUPPORTED.code(), "Unsupported extension " + name);
        }
        policy.check(RequestPolicy.extensionName(name));
        switch (known.get()) {
            case POSIX_RENAME -> fileSystem.posixRename(path(request), path(request));
            case STATVFS -> {
                return statVfs(id, fileSystem.statvfs(path(request)));
            }
            case FSTATVFS -> {
                return statVfs(id, handles.file(request.readString()).fstatvfs());
            }
            case HARDLINK -> fileSystem.hardlink(path(request), path(request));
            case FSYNC -> handles.file(request.readString()).fsync();
            case LSETSTAT -> fileSystem.lsetstat(path(request), request.readAttributes());
            case LIMITS -> {
                return SftpFraming.frame(SftpFraming.start(PacketType.EXTENDED_REPLY, id, 32)
                        .writeUint64(SftpFraming.MAX_PACKET).writeUint64(SftpFraming.MAX_DATA)
                        .writeUint64(SftpFraming.MAX_DATA).writeUint64(HandleTable.MAX_HANDLES));
            }
            case EXPAND_PATH -> {
                return SftpServerSession.name(id, fileSystem.expandPath(expandable.apply(request.readPath())));
            }
            case COPY_DATA -> copyData(request);
            case HOME_DIRECTORY -> {
                return SftpServerSession.name(id, fileSystem.homeDirectory(userName(request)));
            }
            case USERS_GROUPS_BY_ID -> {
                return usersAndGroups(id, request);
            }
            default -> throw new SftpException(SftpStatus.OP_UNSUPPORTED, "Unsupported extension " + name);
        }
        return SftpServerSession.ok(id);
    }

    private static byte[] statVfs(int id, SftpStatVfs stat) throws SftpException {
        return SftpFraming.frame(SftpFraming.start(PacketType.EXTENDED_REPLY, id, 88).writeUint64(stat.blockSize())
                .writeUint64(stat.fragmentSize()).writeUint64(stat.blocks()).writeUint64(stat.freeBlocks())
                .writeUint64(stat.availableBlocks()).writeUint64(stat.files()).writeUint64(stat.freeFiles())
                .writeUint64(stat.availableFiles()).writeUint64(stat.fileSystemId()).writeUint64(stat.flags())
                .writeUint64(stat.maxNameLength()));
    }

    /** {@code copy-data} (section 4.10): a length of 0 copies to the end of the source. */
    private void copyData(SftpPacket request) throws IOException {
        byte[] fromHandle = request.readString();
        long readOffset = request.readUint64();
        long length = request.readUint64();
        byte[] toHandle = request.readString();
        long writeOffset = request.readUint64();
        if (Arrays.equals(fromHandle, toHandle)) {
            throw new SftpException(SftpStatus.FAILURE, "copy-data needs two different handles");
        }
        if (readOffset < 0 || writeOffset < 0 || length < 0) {
            throw new SftpException(SftpStatus.FAILURE, "copy-data offsets and length must be below 2^63");
        }
        SftpFileHandle from = handles.file(fromHandle);
        SftpFileHandle to = handles.file(toHandle);
        // "until EOF" (length 0), and any length, end at the source's end as of now: copying a file
        // onto itself through two handles must not chase its own growth until the disk is full
        long available = Math.max(0, from.fstat().size() - readOffset);
        length = length == 0 ? available : Math.min(length, available);
        ByteBuffer buffer = ByteBuffer.allocate(COPY_CHUNK);
        long copied = 0;
        while (copied < length) {
            buffer.clear();
            buffer.limit((int) Math.min(COPY_CHUNK, length - copied));
            int count = from.read(readOffset + copied, buffer);
            if (count < 0) {
                break;
            }
            buffer.flip();
            to.write(writeOffset + copied, buffer);
            copied += count;
        }
    }

    /** {@code users-groups-by-id@openssh.com} (section 4.12): names in request order, empty when unknown. */
    private byte[] usersAndGroups(int id, SftpPacket request) throws IOException {
        byte[] uids = request.readString();
        byte[] gids = request.readString();
        if (uids.length % 4 != 0 || gids.length % 4 != 0) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "users-groups-by-id ids are not uint32s");
        }
        if ((uids.length + gids.length) / 4 > MAX_IDS) {
            throw new SftpException(SftpStatus.FAILURE, "users-groups-by-id asks for more than " + MAX_IDS + " ids");
        }
        WireWriter users = new WireWriter(uids.length * 4);
        for (int i = 0; i < uids.length; i += 4) {
            users.writeString(fileSystem.userName(ByteBuffer.wrap(uids, i, 4).getInt()));
        }
        WireWriter groups = new WireWriter(gids.length * 4);
        for (int i = 0; i < gids.length; i += 4) {
            groups.writeString(fileSystem.groupName(ByteBuffer.wrap(gids, i, 4).getInt()));
        }
        return SftpFraming.frame(SftpFraming.start(PacketType.EXTENDED_REPLY, id, users.size() + groups.size() + 8)
                .writeString(users.toByteArray()).writeString(groups.toByteArray()));
    }

    /**
     * The user name of a {@code home-directory} request: a NUL in it is malformed, as sftp-server's
     * {@code sshbuf_get_cstring} refuses it (a file system would take it for a path's end, or fail).
     */
    private static String userName(SftpPacket request) throws SftpException {
        String name = request.readText();
        if (name.indexOf('\0') >= 0) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "user name holds a NUL byte");
        }
        return name;
    }
}
