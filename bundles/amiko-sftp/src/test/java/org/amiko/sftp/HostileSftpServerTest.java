// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.LogRecorder;
import org.amiko.testkit.Mutations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP client given what a hostile or broken server answers: a reply of the right kind for
 * each request, then (most of the time) changed: a field cut short, bytes changed, counts and
 * lengths turned into extremes, junk after it, another reply type, another request's id; and
 * VERSION replies changed the same way. Seeded per session, so a failure can be replayed. Every
 * call returns or fails with an {@link IOException}, within seconds: never an exception its
 * reading did not expect, and never a wait for a reply that cannot come.
 */
@Timeout(180)
class HostileSftpServerTest {
    private static final int CALLS = Integer.getInteger("hostile.seeds", 10) * 40;
    private static final String[][] EXTENSIONS = {{"posix-rename@openssh.com", "1"}, {"statvfs@openssh.com", "2"},
        {"fstatvfs@openssh.com", "2"}, {"hardlink@openssh.com", "1"}, {"fsync@openssh.com", "1"},
        {"lsetstat@openssh.com", "1"}, {"limits@openssh.com", "1"}, {"expand-path@openssh.com", "1"},
        {"copy-data", "1"}, {"home-directory", "1"}, {"users-groups-by-id@openssh.com", "1"}};
    /**
     * What a listing names: a plain entry, or the names a hostile server gives to write elsewhere;
     * the absolute one is set to a path beside the download directory once it is known.
     */
    private final String[] names = {"entry", "entry", "..", ".", "../escape", "a/../../escape", "/escape", "",
        "nul\0inside"};

    @TempDir
    Path local;

    private final ExecutorService calls = Executors.newSingleThreadExecutor();
    private final AtomicInteger sessions = new AtomicInteger();
    private LogRecorder log;

    @AfterEach
    void stop() {
        calls.shutdownNow();
        if (log != null) {
            log.close();
        }
    }

    @FunctionalInterface
    private interface Call {
        Object on(SftpClient sftp) throws IOException;
    }

    @Test
    void everyCallReturnsOrFailsWithAnIoException() throws Exception {
        // a fault the client's own code logs on its way to failing the calls
        log = LogRecorder.start("org.amiko.sftp");
        List<Call> operations = List.of(sftp -> sftp.normalize("."), sftp -> sftp.listdirAttr("/"),
                sftp -> sftp.stat("/file"), sftp -> sftp.lstat("/link"), sftp -> sftp.readlink("/link"),
                sftp -> sftp.statvfs("/"), sftp -> sftp.expandPath("~/x"), sftp -> sftp.homeDirectory("pat"),
                sftp -> sftp.userNames(0, 1), sftp -> sftp.groupNames(0),
                sftp -> sftp.getfo("/file", new ByteArrayOutputStream(), TransferProgress.NONE),
                sftp -> sftp.putfo(new ByteArrayInputStream(new byte[100]), "/up", 100, TransferProgress.NONE),
                sftp -> {
                    sftp.mkdir("/dir");
                    return null;
                }, sftp -> {
                    sftp.posixRename("/a", "/b");
                    return null;
                }, sftp -> {
                    sftp.copy("/a", "/b");
                    return null;
                }, sftp -> sftp.get("/file", local.resolve("in/got")),
                sftp -> {
                    sftp.getRecursive("/", local.resolve("in/tree" + System.nanoTime()), TransferProgress.NONE);
                    return null;
                });
        Files.createDirectories(local.resolve("in"));
        names[6] = local.resolve("escape").toString();
        try (LoopbackServer server = new LoopbackServer((name, transport, channel) -> answer(channel,
                new Random(sessions.getAndIncrement())), null)) {
            Transport transport = server.connect("tester");
            Random choice = new Random(99);
            SftpClient sftp = null;
            int failed = 0;
            for (int i = 0; i < CALLS; i++) {
                Call call = operations.get(choice.nextInt(operations.size()));
                int index = i;
                if (sftp == null) {
                    Future<SftpClient> opened = calls.submit(() -> SftpClient.open(transport));
                    sftp = outcome(opened, "call " + index + ": opening");
                    if (sftp == null) {
                        continue;
                    }
                }
                SftpClient client = sftp;
                Future<Object> result = calls.submit(() -> call.on(client));
                if (outcome(result, "call " + index) == null) {
                    // failed: the client's session may be broken, so a new one is opened
                    failed++;
                    client.close();
                    sftp = null;
                }
            }
            transport.close();
            // both outcomes came up, or the replies were not what a hostile server sends
            assertTrue(failed > CALLS / 10 && failed < CALLS * 9 / 10, failed + " of " + CALLS + " calls failed");
            assertEquals(List.of(), log.unexpectedExceptions());
            // whatever names the listings gave, downloads stayed where they were sent
            try (Stream<Path> beside = Files.list(local)) {
                assertEquals(List.of(local.resolve("in")), beside.toList());
            }
            try (Stream<Path> downloads = Files.list(local.resolve("in"))) {
                downloads.map(path -> path.getFileName().toString()).forEach(name -> assertTrue(
                        name.equals("got") || name.startsWith("tree"), () -> "written beside the downloads: " + name));
            }
        }
    }

    /** The call's value, or null when it failed with an {@link IOException}; anything else fails the test. */
    private static <T> T outcome(Future<T> result, String what) throws InterruptedException {
        try {
            return result.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(what + ": no answer within 20 s: the client waits for a reply that cannot come");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof IOException, () -> what + ": " + e.getCause());
            return null;
        }
    }

    /** A hostile SFTP server on {@code channel}: plausible replies, most of them changed. */
    private void answer(Channel channel, Random random) throws IOException {
        InputStream in = channel.getInputStream();
        OutputStream out = channel.getOutputStream();
        try {
            if (SftpFraming.read(in, SftpFraming.MAX_INBOUND) == null) {
                return;
            }
            WireWriter version = new WireWriter(512).writeByte(PacketType.VERSION).writeUint32(3);
            for (String[] extension : EXTENSIONS) {
                version.writeString(extension[0]).writeString(extension[1]);
            }
            out.write(frame(random.nextInt(4) == 0 ? mutate(random, version.toByteArray()) : version.toByteArray()));
            out.flush();
            SftpPacket request;
            while ((request = SftpFraming.read(in, SftpFraming.MAX_INBOUND)) != null) {
                byte[] reply = reply(request, random);
                out.write(frame(random.nextInt(5) < 3 ? mutate(random, reply) : reply));
                out.flush();
            }
        } catch (IOException e) {
            // the client closed the channel under us
        } finally {
            channel.close();
        }
    }

    /** The reply a request would get from an honest server with a file, a link and a directory. */
    private byte[] reply(SftpPacket request, Random random) throws IOException {
        int id = request.readUint32();
        WireWriter out = new WireWriter(128);
        switch (request.type()) {
            case PacketType.OPEN, PacketType.OPENDIR -> start(out, PacketType.HANDLE, id).writeString("h1");
            case PacketType.READ -> {
                if (random.nextBoolean()) {
                    start(out, PacketType.DATA, id).writeString(new byte[random.nextInt(300)]);
                } else {
                    status(out, id, 1);
                }
            }
            case PacketType.READDIR -> {
                if (random.nextBoolean()) {
                    String name = names[random.nextInt(names.length)];
                    AttributesCodec.write(start(out, PacketType.NAME, id).writeUint32(1).writeString(name)
                            .writeString("-rw-r--r-- 1 pat pat 5 Jan 1 " + name), attributes(random));
                } else {
                    status(out, id, 1);
                }
            }
            case PacketType.STAT, PacketType.LSTAT, PacketType.FSTAT ->
                AttributesCodec.write(start(out, PacketType.ATTRS, id), attributes(random));
            case PacketType.REALPATH, PacketType.READLINK -> AttributesCodec.write(start(out, PacketType.NAME, id)
                    .writeUint32(1).writeString("/home/pat").writeString("/home/pat"), attributes(random));
            case PacketType.EXTENDED -> extended(out, id, request.readText(), random);
            default -> status(out, id, 0);
        }
        return out.toByteArray();
    }

    private static void extended(WireWriter out, int id, String name, Random random) throws IOException {
        switch (name) {
            case "limits@openssh.com" -> start(out, PacketType.EXTENDED_REPLY, id).writeUint64(256 * 1024)
                    .writeUint64(255 * 1024).writeUint64(255 * 1024).writeUint64(64);
            case "statvfs@openssh.com", "fstatvfs@openssh.com" -> {
                start(out, PacketType.EXTENDED_REPLY, id);
                for (int i = 0; i < 11; i++) {
                    out.writeUint64(random.nextInt(1 << 20));
                }
            }
            case "expand-path@openssh.com", "home-directory" -> AttributesCodec.write(start(out, PacketType.NAME, id)
                    .writeUint32(1).writeString("/home/pat").writeString("/home/pat"), attributes(random));
            case "users-groups-by-id@openssh.com" -> start(out, PacketType.EXTENDED_REPLY, id)
                    .writeString(new WireWriter(16).writeString("root").writeString("daemon").toByteArray())
                    .writeString(new WireWriter(16).writeString("root").toByteArray());
            default -> status(out, id, 0);
        }
    }

    private static WireWriter start(WireWriter out, int type, int id) {
        return out.writeByte(type).writeUint32(id);
    }

    private static void status(WireWriter out, int id, int code) {
        start(out, PacketType.STATUS, id).writeUint32(code).writeString("").writeString("");
    }

    private static SftpAttributes attributes(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> SftpAttributes.EMPTY;
            case 1 -> SftpAttributes.EMPTY.withSize(random.nextInt(1000)).withPermissions(0100644);
            default -> SftpAttributes.EMPTY.withPermissions(040755).withTimes(0, 1_000_000_000);
        };
    }

    /** Most often a change past the type and id ({@link Mutations}); else another reply type, or another request's id. */
    private static byte[] mutate(Random random, byte[] reply) {
        if (random.nextInt(3) > 0) {
            return Mutations.mutate(random, reply, 5);
        }
        byte[] changed = reply.clone();
        if (random.nextBoolean()) {
            changed[0] = (byte) new int[] {PacketType.STATUS, PacketType.HANDLE, PacketType.DATA, PacketType.NAME,
                PacketType.ATTRS, PacketType.EXTENDED_REPLY, PacketType.VERSION, 0, 255}[random.nextInt(9)];
        } else if (changed.length >= 5) {
            changed[4] ^= (byte) (1 + random.nextInt(3));
        }
        return changed;
    }

    /** With its uint32 length in front. */
    private static byte[] frame(byte[] body) {
        return new WireWriter(body.length + 4).writeString(body).toByteArray();
    }
}
