// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server session driven with raw packets, as a pipelining client sends them: all requests
 * written before any reply is read. Replies must come in request order, one per request.
 */
class SftpServerSessionTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();

    @BeforeEach
    void hello() throws IOException {
        requests.write(SftpFraming.frame(SftpFraming.start(PacketType.INIT, 4).writeUint32(3)));
    }

    private void request(int type, int id, WireWriterBody body) throws IOException {
        WireWriter packet = SftpFraming.start(type, id, 64);
        body.write(packet);
        requests.write(SftpFraming.frame(packet));
    }

    /** {@code SSH_FXP_OPEN} of {@code path} with {@code pflags} and no attributes. */
    private void open(int id, String path, int pflags) throws IOException {
        request(PacketType.OPEN, id, packet -> AttributesCodec.write(packet.writeString(path).writeUint32(pflags),
                SftpAttributes.EMPTY));
    }

    /** {@code copy-data} between the handles the opens numbered {@code from} and {@code to} returned. */
    private void copyData(int id, int from, long readOffset, long length, int to, long writeOffset) throws IOException {
        request(PacketType.EXTENDED, id, packet -> packet.writeString("copy-data").writeString(handle(from))
                .writeUint64(readOffset).writeUint64(length).writeString(handle(to)).writeUint64(writeOffset));
    }

    /** The handle the server gives the {@code n}th open of a session. */
    private static byte[] handle(int n) {
        return new byte[] {0, 0, 0, (byte) n};
    }

    @FunctionalInterface
    private interface WireWriterBody {
        void write(WireWriter packet) throws IOException;
    }

    /** Runs the session over everything requested; returns the replies after VERSION. */
    private List<SftpPacket> serve() throws IOException {
        return serve(false);
    }

    private List<SftpPacket> serve(boolean draftSymlinkOrder) throws IOException {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        new SftpServerSession(new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS),
                new ByteArrayInputStream(requests.toByteArray()), replies, draftSymlinkOrder).run();
        InputStream in = new ByteArrayInputStream(replies.toByteArray());
        SftpPacket version = SftpFraming.read(in, SftpFraming.MAX_INBOUND);
        assertEquals(PacketType.VERSION, version.type());
        List<SftpPacket> packets = new ArrayList<>();
        SftpPacket packet;
        while ((packet = SftpFraming.read(in, SftpFraming.MAX_INBOUND)) != null) {
            packets.add(packet);
        }
        return packets;
    }

    private static int status(SftpPacket reply, int id) throws SftpException {
        assertEquals(PacketType.STATUS, reply.type(), PacketType.name(reply.type()));
        assertEquals(id, reply.readUint32());
        return reply.readUint32();
    }

    @Test
    void versionAdvertisesTheExtensionsOpenSshHas() throws IOException {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        new SftpServerSession(new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS),
                new ByteArrayInputStream(requests.toByteArray()), replies).run();
        SftpPacket version = SftpFraming.read(new ByteArrayInputStream(replies.toByteArray()), SftpFraming.MAX_INBOUND);
        assertEquals(3, version.readUint32());
        Map<String, String> extensions = new LinkedHashMap<>();
        while (version.remaining() > 0) {
            extensions.put(version.readText(), version.readText());
        }
        assertEquals(Map.ofEntries(Map.entry("posix-rename@openssh.com", "1"), Map.entry("statvfs@openssh.com", "2"),
                Map.entry("fstatvfs@openssh.com", "2"), Map.entry("hardlink@openssh.com", "1"),
                Map.entry("fsync@openssh.com", "1"), Map.entry("lsetstat@openssh.com", "1"),
                Map.entry("limits@openssh.com", "1"), Map.entry("expand-path@openssh.com", "1"),
                Map.entry("copy-data", "1"), Map.entry("home-directory", "1"),
                Map.entry("users-groups-by-id@openssh.com", "1")), extensions);
    }

    @Test
    void pipelinedReadsAreAnsweredInOrder() throws IOException {
        byte[] content = new byte[64 * 1000 + 123];
        new Random(7).nextBytes(content);
        Files.write(root.resolve("data"), content);
        open(1, "/data", 1);
        byte[] handle = {0, 0, 0, 1};
        for (int i = 0; i < 66; i++) {
            long offset = i * 1000L;
            request(PacketType.READ, 100 + i, packet -> packet.writeString(handle).writeUint64(offset).writeUint32(1000));
        }
        request(PacketType.CLOSE, 2, packet -> packet.writeString(handle));
        List<SftpPacket> replies = serve();
        assertEquals(68, replies.size());
        assertEquals(PacketType.HANDLE, replies.get(0).type());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (int i = 0; i < 65; i++) {
            SftpPacket data = replies.get(1 + i);
            assertEquals(PacketType.DATA, data.type());
            assertEquals(100 + i, data.readUint32());
            read.write(data.readString());
        }
        assertArrayEquals(content, read.toByteArray());
        assertEquals(SftpStatus.EOF.code(), status(replies.get(66), 165));
        assertEquals(SftpStatus.OK.code(), status(replies.get(67), 2));
    }

    @Test
    void readLengthIsCappedAtTheAdvertisedLimit() throws IOException {
        Files.write(root.resolve("big"), new byte[SftpFraming.MAX_DATA + 5000]);
        open(1, "/big", 1);
        request(PacketType.READ, 2, packet -> packet.writeString(new byte[] {0, 0, 0, 1}).writeUint64(0)
                .writeUint32(-1));
        List<SftpPacket> replies = serve();
        SftpPacket data = replies.get(1);
        assertEquals(PacketType.DATA, data.type());
        data.readUint32();
        assertEquals(SftpFraming.MAX_DATA, data.readString().length);
    }

    @Test
    void malformedRequestIsBadMessageAndTheSessionGoesOn() throws IOException {
        request(PacketType.STAT, 1, packet -> packet.writeUint32(500).writeByte('/'));
        request(PacketType.OPEN, 2, packet -> packet.writeString("/x").writeUint32(0x1a).writeUint32(0x40));
        request(PacketType.MKDIR, 3, packet -> AttributesCodec.write(packet.writeString("/made"), SftpAttributes.EMPTY));
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.BAD_MESSAGE.code(), status(replies.get(0), 1));
        assertEquals(SftpStatus.BAD_MESSAGE.code(), status(replies.get(1), 2));
        assertEquals(SftpStatus.OK.code(), status(replies.get(2), 3));
        assertTrue(Files.isDirectory(root.resolve("made")));
    }

    /** A user name with a NUL, which MutatedRequestsTest found failing as a path would, is a malformed request. */
    @Test
    void homeDirectoryOfANameWithANulIsBadMessage() throws IOException {
        request(PacketType.EXTENDED, 1, packet -> packet.writeString("home-directory").writeString("tester\0x"));
        request(PacketType.EXTENDED, 2, packet -> packet.writeString("home-directory").writeString("tester"));
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.BAD_MESSAGE.code(), status(replies.get(0), 1));
        assertEquals(PacketType.NAME, replies.get(1).type());
    }

    @Test
    void unknownTypesAndExtensionsAreUnsupported() throws IOException {
        request(99, 1, packet -> { });
        request(PacketType.EXTENDED, 2, packet -> packet.writeString("check-file"));
        request(PacketType.EXTENDED, 3, packet -> packet.writeString("limits@openssh.com"));
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.OP_UNSUPPORTED.code(), status(replies.get(0), 1));
        assertEquals(SftpStatus.OP_UNSUPPORTED.code(), status(replies.get(1), 2));
        SftpPacket limits = replies.get(2);
        assertEquals(PacketType.EXTENDED_REPLY, limits.type());
        limits.readUint32();
        assertEquals(256 * 1024, limits.readUint64());
        assertEquals(SftpFraming.MAX_DATA, limits.readUint64());
        assertEquals(SftpFraming.MAX_DATA, limits.readUint64());
        assertEquals(HandleTable.MAX_HANDLES, limits.readUint64());
    }

    @Test
    void handlesAreBoundedAndCheckedByType() throws IOException {
        Files.createDirectories(root.resolve("d"));
        for (int i = 0; i < HandleTable.MAX_HANDLES + 1; i++) {
            request(PacketType.OPENDIR, i, packet -> packet.writeString("/d"));
        }
        request(PacketType.READ, 9000, packet -> packet.writeString(new byte[] {0, 0, 0, 1}).writeUint64(0)
                .writeUint32(10));
        request(PacketType.CLOSE, 9001, packet -> packet.writeString(new byte[] {1, 2}));
        List<SftpPacket> replies = serve();
        assertEquals(PacketType.HANDLE, replies.get(HandleTable.MAX_HANDLES - 1).type());
        assertEquals(SftpStatus.FAILURE.code(), status(replies.get(HandleTable.MAX_HANDLES), HandleTable.MAX_HANDLES));
        assertEquals(SftpStatus.FAILURE.code(), status(replies.get(HandleTable.MAX_HANDLES + 1), 9000),
                "a directory handle is no file handle");
        assertEquals(SftpStatus.FAILURE.code(), status(replies.get(HandleTable.MAX_HANDLES + 2), 9001));
    }

    @Test
    void oversizedFrameEndsTheSession() throws IOException {
        requests.write(new byte[] {0x7f, 0, 0, 0, PacketType.WRITE});
        SftpException error = assertThrows(SftpException.class, this::serve);
        assertEquals(SftpStatus.BAD_MESSAGE, error.getStatus());
    }

    @Test
    void sessionMustStartWithInit() {
        requests.reset();
        assertThrows(SftpException.class, () -> {
            request(PacketType.STAT, 1, packet -> packet.writeString("/"));
            serve();
        });
    }

    @Test
    void symlinkTakesOpenSshsArgumentOrder() throws IOException {
        Files.writeString(root.resolve("target"), "t");
        request(PacketType.SYMLINK, 1, packet -> packet.writeString("target").writeString("/link"));
        request(PacketType.READLINK, 2, packet -> packet.writeString("/link"));
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.OK.code(), status(replies.get(0), 1));
        SftpPacket name = replies.get(1);
        assertEquals(PacketType.NAME, name.type());
        name.readUint32();
        assertEquals(1, name.readUint32());
        assertEquals("target", name.readText());
        assertEquals("target", Files.readSymbolicLink(root.resolve("link")).toString());
    }

    @Test
    void symlinkTakesTheDraftsOrderFromClientsThatSendIt() throws IOException {
        Files.writeString(root.resolve("target"), "t");
        request(PacketType.SYMLINK, 1, packet -> packet.writeString("/link").writeString("target"));
        List<SftpPacket> replies = serve(true);
        assertEquals(SftpStatus.OK.code(), status(replies.get(0), 1));
        assertEquals("target", Files.readSymbolicLink(root.resolve("link")).toString());
    }

    @Test
    void copyDataCopiesBetweenHandles() throws IOException {
        Files.writeString(root.resolve("from"), "0123456789");
        open(1, "/from", 1);
        open(2, "/to", 0x1a);
        copyData(3, 1, 2, 0, 2, 1);
        copyData(4, 1, 0, 0, 1, 0);
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.OK.code(), status(replies.get(2), 3));
        assertEquals(SftpStatus.FAILURE.code(), status(replies.get(3), 4), "one handle for both ends is refused");
        assertEquals("\u000023456789", Files.readString(root.resolve("to")));
    }

    /** A copy of a file onto its own end, through two handles, stops at the end the file had. */
    @Test
    void copyDataDoesNotChaseItsOwnGrowth() throws IOException {
        Files.writeString(root.resolve("f"), "0123456789");
        open(1, "/f", 1);
        open(2, "/f", 2);
        // 1 MiB asked: before, each chunk read back what the last one wrote, up to the length asked
        // (or, with 2^62, until the disk was full)
        copyData(3, 1, 0, 1 << 20, 2, 10);
        List<SftpPacket> replies = serve();
        assertEquals(SftpStatus.OK.code(), status(replies.get(2), 3));
        assertEquals(20, Files.size(root.resolve("f")));
        assertEquals("01234567890123456789", Files.readString(root.resolve("f")));
    }
}
