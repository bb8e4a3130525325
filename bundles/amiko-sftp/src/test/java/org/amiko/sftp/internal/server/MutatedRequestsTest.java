// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.LogRecorder;
import org.amiko.testkit.Mutations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP server given what a hostile or broken client sends: every request of version 3 and
 * every extension the server announces, each cut short, with bytes changed, with lengths, flags
 * and handles turned into extremes, or with junk after it, and request numbers nobody defined.
 * Seeded, so a failure can be replayed. Each request gets exactly one reply with its id, of a type
 * a request may get; the session ends only with its input; no request fails with an exception its
 * handling did not expect; and nothing changes outside the session's root.
 */
class MutatedRequestsTest {
    private static final int SEEDS = Integer.getInteger("hostile.seeds", 10);
    private static final int REQUESTS_PER_SEED = 150;
    private static final Set<Integer> REPLIES = Set.of(PacketType.STATUS, PacketType.HANDLE, PacketType.DATA,
            PacketType.NAME, PacketType.ATTRS, PacketType.EXTENDED_REPLY);
    private static final String[] EXTENSIONS = {"posix-rename@openssh.com", "statvfs@openssh.com",
        "fstatvfs@openssh.com", "hardlink@openssh.com", "fsync@openssh.com", "lsetstat@openssh.com",
        "limits@openssh.com", "expand-path@openssh.com", "copy-data", "home-directory",
        "users-groups-by-id@openssh.com", "unknown@example.com"};
    private static final String[] PATHS = {"/", ".", "/file", "/dir", "/dir/inner", "/missing", "..", "/../file",
        "/link", "~", "~/file", "", "/dir/../file"};

    @TempDir
    Path outside;

    private Path root;
    /** A file beside the roots, by its absolute path: a link target that must lead nowhere. */
    private Path canary;
    private Set<PosixFilePermission> canaryMode;
    private final Logger logger = Logger.getLogger("org.amiko.sftp");
    private final Level previousLevel = logger.getLevel();
    private LogRecorder log;

    @BeforeEach
    void files() throws IOException {
        canary = Files.writeString(outside.resolve("secret"), "not for the session\n");
        canaryMode = Files.getPosixFilePermissions(canary);
        // an exception a request's handling did not expect is logged with it at DEBUG (SftpServerSession.answer)
        logger.setLevel(Level.ALL);
        log = LogRecorder.start("org.amiko.sftp");
    }

    @AfterEach
    void quiet() {
        log.close();
        logger.setLevel(previousLevel);
    }

    @Test
    void everyRequestGetsOneReplyAndNothingLeavesTheRoot() throws Exception {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            // a root of its own per seed: a seed replays alone
            root = Files.createDirectory(outside.resolve("root" + seed));
            Files.writeString(root.resolve("file"), "content of a file\n");
            Files.createDirectories(root.resolve("dir/inner"));
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            requests.write(SftpFraming.frame(SftpFraming.start(PacketType.INIT, 4).writeUint32(3)));
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_SEED; i++) {
                int id = seed * 1000 + i;
                byte[] body = Mutations.mutate(random, request(random, id), 5);
                // the framing stays whole: a length that lies only makes the session wait for the rest
                requests.write(frame(body));
                ids.add(body.length >= 5 ? ((body[1] & 0xff) << 24 | (body[2] & 0xff) << 16 | (body[3] & 0xff) << 8
                        | body[4] & 0xff) : 0);
            }
            List<SftpPacket> replies = serve(requests.toByteArray());
            assertEquals(REQUESTS_PER_SEED, replies.size(), "seed " + seed + ": one reply per request");
            for (int i = 0; i < replies.size(); i++) {
                SftpPacket reply = replies.get(i);
                assertTrue(REPLIES.contains(reply.type()), "seed " + seed + " request " + i + ": "
                        + PacketType.name(reply.type()));
                assertEquals(ids.get(i), reply.readUint32(), "seed " + seed + " request " + i + ": the id");
            }
        }
        assertEquals(List.of(), log.unexpectedExceptions());
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(SEEDS + 1, left.filter(path -> path.getFileName().toString().equals("secret")
                    || path.getFileName().toString().startsWith("root")).count(), "nothing made or removed beside the roots");
        }
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(SEEDS + 1, left.count(), "nothing made beside the roots");
        }
        assertEquals("not for the session\n", Files.readString(outside.resolve("secret")));
        assertEquals(canaryMode, Files.getPosixFilePermissions(canary), "the canary's mode unchanged");
    }

    private List<SftpPacket> serve(byte[] requests) throws IOException {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        new SftpServerSession(new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS),
                new ByteArrayInputStream(requests), replies).run();
        InputStream in = new ByteArrayInputStream(replies.toByteArray());
        assertEquals(PacketType.VERSION, SftpFraming.read(in, SftpFraming.MAX_INBOUND).type());
        List<SftpPacket> packets = new ArrayList<>();
        SftpPacket packet;
        while ((packet = SftpFraming.read(in, SftpFraming.MAX_INBOUND)) != null) {
            packets.add(packet);
        }
        return packets;
    }

    /** A request's type, id and fields, as a client sends them (without the length). */
    private byte[] request(Random random, int id) throws IOException {
        WireWriter out = new WireWriter(64);
        String path = PATHS[random.nextInt(PATHS.length)];
        byte[] handle = {0, 0, 0, (byte) random.nextInt(4)};
        int type = random.nextInt(22);
        switch (type) {
            case 0 -> AttributesCodec.write(start(out, PacketType.OPEN, id).writeString(path).writeUint32(
                    random.nextInt(64)), attributes(random));
            case 1 -> start(out, PacketType.CLOSE, id).writeString(handle);
            case 2 -> start(out, PacketType.READ, id).writeString(handle).writeUint64(random.nextInt(100))
                    .writeUint32(random.nextInt(70000));
            case 3 -> start(out, PacketType.WRITE, id).writeString(handle).writeUint64(random.nextInt(100))
                    .writeString(Mutations.bytes(random, 100));
            case 4 -> start(out, PacketType.LSTAT, id).writeString(path);
            case 5 -> start(out, PacketType.FSTAT, id).writeString(handle);
            case 6 -> AttributesCodec.write(start(out, PacketType.SETSTAT, id).writeString(path), attributes(random));
            case 7 -> AttributesCodec.write(start(out, PacketType.FSETSTAT, id).writeString(handle), attributes(random));
            case 8 -> start(out, PacketType.OPENDIR, id).writeString(path);
            case 9 -> start(out, PacketType.READDIR, id).writeString(handle);
            case 10 -> start(out, PacketType.REMOVE, id).writeString(path);
            case 11 -> AttributesCodec.write(start(out, PacketType.MKDIR, id).writeString(path), attributes(random));
            case 12 -> start(out, PacketType.RMDIR, id).writeString(path);
            case 13 -> start(out, PacketType.REALPATH, id).writeString(path);
            case 14 -> start(out, PacketType.STAT, id).writeString(path);
            case 15 -> start(out, PacketType.RENAME, id).writeString(path).writeString(PATHS[random.nextInt(PATHS.length)]);
            case 16 -> start(out, PacketType.READLINK, id).writeString(path);
            case 17 -> start(out, PacketType.SYMLINK, id).writeString(path).writeString(random.nextBoolean() ? canary.toString()
                    : "../secret");
            case 18, 19 -> extended(random, start(out, PacketType.EXTENDED, id), path, handle);
            case 20 -> start(out, 1 + random.nextInt(2), id).writeUint32(3);
            default -> start(out, new int[] {0, 21, 99, 101, 150, 199, 201, 255}[random.nextInt(8)], id)
                    .writeBytes(Mutations.bytes(random, 24));
        }
        return out.toByteArray();
    }

    private static WireWriter start(WireWriter out, int type, int id) {
        return out.writeByte(type).writeUint32(id);
    }

    private static void extended(Random random, WireWriter out, String path, byte[] handle) {
        String name = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
        out.writeString(name);
        switch (name) {
            case "posix-rename@openssh.com", "hardlink@openssh.com" ->
                out.writeString(path).writeString(PATHS[random.nextInt(PATHS.length)]);
            case "statvfs@openssh.com", "expand-path@openssh.com", "home-directory" -> out.writeString(path);
            case "fstatvfs@openssh.com", "fsync@openssh.com" -> out.writeString(handle);
            case "lsetstat@openssh.com" -> AttributesCodec.write(out.writeString(path), attributes(random));
            case "copy-data" -> out.writeString(handle).writeUint64(0).writeUint64(random.nextInt(100))
                    .writeString(new byte[] {0, 0, 0, (byte) random.nextInt(4)}).writeUint64(random.nextInt(100));
            case "users-groups-by-id@openssh.com" -> out.writeString(new WireWriter(8).writeUint32(0).toByteArray())
                    .writeString(new WireWriter(8).writeUint32(0).toByteArray());
            default -> out.writeBytes(Mutations.bytes(random, 16));
        }
    }

    private static SftpAttributes attributes(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> SftpAttributes.EMPTY;
            case 1 -> SftpAttributes.EMPTY.withPermissions(random.nextInt(0777 + 1));
            default -> SftpAttributes.EMPTY.withSize(random.nextInt(50));
        };
    }

    /** The request with its uint32 length in front (draft-ietf-secsh-filexfer-02 section 3). */
    private static byte[] frame(byte[] body) {
        return new WireWriter(body.length + 4).writeString(body).toByteArray();
    }
}
