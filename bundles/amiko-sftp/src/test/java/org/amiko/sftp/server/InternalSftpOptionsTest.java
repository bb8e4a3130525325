// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
import org.amiko.sftp.LoopbackServerAccess;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpClient;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpFile;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.TransferProgress;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions started with sftp-server's options, as sshd starts {@code ForceCommand internal-sftp -R}:
 * each option's effect seen by a client over a real channel, and the lines {@code -l} writes.
 */
class InternalSftpOptionsTest {
    @TempDir
    Path root;

    private final Logger authLog = Logger.getLogger("org.amiko.auth.sftp");
    private final Logger mainLog = Logger.getLogger("org.amiko.sftp");
    private final BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // System.Logger's parameters as the formatter would fill them in
            if (record.getParameters() != null) {
                record.setMessage(MessageFormat.format(record.getMessage(), record.getParameters()));
                record.setParameters(null);
            }
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() throws IOException {
        authLog.addHandler(capture);
        mainLog.addHandler(capture);
        Files.writeString(root.resolve("kept"), "kept\n");
        Files.createDirectory(root.resolve("empty"));
    }

    @AfterEach
    void stopListening() {
        authLog.removeHandler(capture);
        mainLog.removeHandler(capture);
    }

    /** The subsystem as the core starts it for a login whose forced command is {@code internal-sftp OPTIONS}. */
    private AutoCloseable serve(String options) throws Exception {
        SftpSubsystem sftp = SftpSubsystem.rooted(root, RootedOptions.DEFAULTS);
        List<String> arguments = SftpServerOptions.words(options);
        SubsystemHandler forced = (name, transport, channel) -> sftp.startSubsystem(name, arguments, transport, channel);
        return LoopbackServerAccess.start(forced, null);
    }

    private static void assertRefused(Executable request) {
        assertEquals(SftpStatus.PERMISSION_DENIED, assertThrows(SftpException.class, request).getStatus());
    }

    @Test
    void readOnlyRefusesEveryChangeAndServesReads() throws Exception {
        try (AutoCloseable server = serve("-R");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            try (SftpFile file = client.open("/kept", "r")) {
                assertEquals("kept\n", new String(file.read(100), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("empty", "kept"), client.listdir("/").stream().sorted().toList());
            assertRefused(() -> client.open("/kept", "r+"));
            assertRefused(() -> client.open("/new", EnumSet.of(OpenFlag.READ, OpenFlag.CREATE), SftpAttributes.EMPTY));
            assertRefused(() -> client.open("/kept", EnumSet.of(OpenFlag.READ, OpenFlag.TRUNCATE), SftpAttributes.EMPTY));
            assertRefused(() -> client.mkdir("/dir"));
            assertRefused(() -> client.remove("/kept"));
            assertRefused(() -> client.rename("/kept", "/moved"));
            // extensions that only change things are not offered, and refused if asked for anyway
            assertFalse(client.supports(SftpExtension.POSIX_RENAME) || client.supports(SftpExtension.HARDLINK)
                    || client.supports(SftpExtension.FSYNC) || client.supports(SftpExtension.COPY_DATA));
            assertTrue(client.supports(SftpExtension.STATVFS) && client.supports(SftpExtension.LIMITS));
            assertEquals(SftpStatus.OP_UNSUPPORTED,
                    assertThrows(SftpException.class, () -> client.posixRename("/kept", "/moved")).getStatus());
            assertRefused(() -> client.symlink("/kept", "/linked"));
            assertRefused(() -> client.chmod("/kept", 0777));
            assertRefused(() -> client.rmdir("/empty"));
        }
        try (var listing = Files.list(root)) {
            assertEquals(List.of(root.resolve("empty"), root.resolve("kept")), listing.sorted().toList());
        }
        assertEquals("kept\n", Files.readString(root.resolve("kept")));
    }

    /**
     * What a client that ignores the offer sends anyway, frame by frame: changes through a handle
     * opened for reading are refused, and extensions not offered are unsupported, under -R.
     */
    @Test
    void readOnlyHoldsForRawRequests() throws Exception {
        try (AutoCloseable server = serve("-R");
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            Channel channel = transport.openSession();
            channel.invokeSubsystem("sftp");
            OutputStream out = channel.getOutputStream();
            InputStream in = channel.getInputStream();
            out.write(SftpFraming.frame(SftpFraming.start(PacketType.INIT, 4).writeUint32(3)));
            assertEquals(PacketType.VERSION, SftpFraming.read(in, SftpFraming.MAX_INBOUND).type());
            out.write(SftpFraming.frame(SftpFraming.start(PacketType.OPEN, 1, 32).writeString("/kept")
                    .writeUint32(OpenFlag.READ.bit()).writeUint32(0)));
            SftpPacket opened = SftpFraming.read(in, SftpFraming.MAX_INBOUND);
            assertEquals(PacketType.HANDLE, opened.type());
            assertEquals(1, opened.readUint32());
            byte[] handle = opened.readString();
            out.write(SftpFraming.frame(SftpFraming.start(PacketType.FSETSTAT, 2, 32).writeString(handle)
                    .writeUint32(SftpAttributes.FLAG_PERMISSIONS).writeUint32(0777)));
            assertEquals(SftpStatus.PERMISSION_DENIED.code(), statusOf(in, 2));
            out.write(SftpFraming.frame(SftpFraming.start(PacketType.WRITE, 3, 32).writeString(handle).writeUint64(0)
                    .writeString("x")));
            assertEquals(SftpStatus.PERMISSION_DENIED.code(), statusOf(in, 3));
            for (String extension : List.of("fsync@openssh.com", "posix-rename@openssh.com", "hardlink@openssh.com")) {
                WireWriter request = SftpFraming.start(PacketType.EXTENDED, 4, 64).writeString(extension);
                if (extension.startsWith("fsync")) {
                    request.writeString(handle);
                } else {
                    request.writeString("/kept").writeString("/moved");
                }
                out.write(SftpFraming.frame(request));
                assertEquals(SftpStatus.OP_UNSUPPORTED.code(), statusOf(in, 4), extension);
            }
            channel.shutdownOutput();
        }
        assertEquals("kept\n", Files.readString(root.resolve("kept")));
        assertEquals(0644, (Integer) Files.getAttribute(root.resolve("kept"), "unix:mode") & 0777);
        assertTrue(Files.notExists(root.resolve("moved")));
    }

    private static int statusOf(InputStream in, int id) throws IOException {
        SftpPacket reply = SftpFraming.read(in, SftpFraming.MAX_INBOUND);
        assertEquals(PacketType.STATUS, reply.type());
        assertEquals(id, reply.readUint32());
        return reply.readUint32();
    }

    @Test
    void requestListsAllowAndRefuseByName() throws Exception {
        try (AutoCloseable server = serve("-P remove,rename");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            assertRefused(() -> client.remove("/kept"));
            assertRefused(() -> client.rename("/kept", "/moved"));
            client.mkdir("/made");
            assertTrue(Files.isDirectory(root.resolve("made")));
        }
        try (AutoCloseable server = serve("-p open,close,read,write,stat,lstat,fstat,realpath,opendir,readdir");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            client.putfo(new ByteArrayInputStream("up\n".getBytes(StandardCharsets.UTF_8)), "/up", 3, TransferProgress.NONE);
            assertEquals("up\n", Files.readString(root.resolve("up")));
            assertRefused(() -> client.mkdir("/dir"));
            assertRefused(() -> client.remove("/up"));
        }
    }

    @Test
    void startDirectoryAndUmask() throws Exception {
        Files.createDirectories(root.resolve("upload/tester"));
        try (AutoCloseable server = serve("-d /upload/%u -u 077");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            assertEquals("/upload/tester", client.normalize("."));
            try (SftpFile file = client.open("here", "w")) {
                file.write("x".getBytes(StandardCharsets.UTF_8));
            }
            client.mkdir("sub");
            client.symlink("here", "sub/link");
            assertEquals("here", client.readlink("sub/link"), "a symlink's target is stored as written");
            assertEquals("/upload/tester/here", client.expandPath("here"));
            assertEquals("/upload/tester", client.expandPath("~"), "sftp-server's ~ is its working directory");
            assertEquals("/upload/tester/sub", client.expandPath("~/sub"));
            assertEquals("/kept", client.normalize("/kept"), "absolute paths are the root's");
        }
        Path here = root.resolve("upload/tester/here");
        assertEquals("x", Files.readString(here));
        assertEquals(0600, (Integer) Files.getAttribute(here, "unix:mode") & 0777);
        assertEquals(0700, (Integer) Files.getAttribute(root.resolve("upload/tester/sub"), "unix:mode") & 0777);
    }

    /** As sftp-server's chdir: a start directory that is not there is logged, and paths start where they would have. */
    @Test
    void aMissingStartDirectoryIsLoggedAndIgnored() throws Exception {
        try (AutoCloseable server = serve("-d /nowhere");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            assertEquals("/", client.normalize("."));
        }
        assertTrue(awaitLine("chdir to \"/nowhere\" failed")
                .matches("sftp \\d+: chdir to \"/nowhere\" failed: No such file or directory"));
    }

    /** %u in -d for a name that is not a plain file name could lead elsewhere: no session, as for sftpRoot. */
    @Test
    void aUserNameThatIsNoFileNameGetsNoStartDirectory() throws Exception {
        try (AutoCloseable server = serve("-d /upload/%u");
                Transport transport = LoopbackServerAccess.connect(server, "../tester")) {
            assertThrows(IOException.class, () -> SftpClient.open(transport).close());
        }
        assertTrue(awaitLine("sftp refused for ../tester: internal-sftp: -d /upload/%u: the user name is not a plain "
                + "file name") != null);
    }

    @Test
    void optionsItCannotTakeRefuseTheSession() throws Exception {
        try (AutoCloseable server = serve("-r");
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            assertThrows(IOException.class, () -> SftpClient.open(transport).close());
        }
        assertTrue(awaitLine("sftp refused for tester: internal-sftp: unknown option -r") != null);
    }

    /** {@code -l INFO}: sftp-server's lines for opens, closes, changes and failures, to the auth log. */
    @Test
    void infoLogsWhatChangesInSftpServersWords() throws Exception {
        try (AutoCloseable server = serve("-l INFO -P mkdir");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            try (SftpFile file = client.open("/up", EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE),
                    SftpAttributes.EMPTY.withPermissions(0640))) {
                file.write("12345".getBytes(StandardCharsets.UTF_8));
            }
            client.rename("/up", "/done\nFailed password for root from 192.0.2.1");
            client.stat("/kept");
            assertThrows(SftpException.class, () -> client.remove("/missing"));
            assertRefused(() -> client.mkdir("/dir"));
            client.open("/kept", "r"); // left open: the session closes it as it ends
        }
        String closed = awaitLine("session closed for local user tester from [127.0.0.1]");
        String tag = closed.substring(0, closed.indexOf(": ") + 2);
        List<String> lines = new ArrayList<>();
        for (LogRecord record : records) {
            assertEquals("org.amiko.auth.sftp", record.getLoggerName(), "-f AUTH is the default: the auth log");
            if (record.getMessage().startsWith(tag)) {
                lines.add(record.getMessage().substring(tag.length()));
            }
        }
        assertEquals(List.of("session opened for local user tester from [127.0.0.1]",
                "open \"/up\" flags WRITE,CREATE,TRUNCATE mode 0640", "close \"/up\" bytes read 0 written 5",
                "rename old \"/up\" new \"/done?Failed password for root from 192.0.2.1\"", "remove name \"/missing\"",
                "sent status No such file", "sent status Permission denied", "open \"/kept\" flags READ mode 0666",
                "forced close \"/kept\" bytes read 0 written 0",
                "session closed for local user tester from [127.0.0.1]"), lines,
                "no lookups at INFO, and a name cannot start a line of its own");
    }

    /** {@code -l VERBOSE -f LOCAL0}: lookups and refusals too, to the main log. */
    @Test
    void verboseAddsLookupsAndRefusals() throws Exception {
        try (AutoCloseable server = serve("-R -l VERBOSE -f LOCAL0");
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            client.stat("/kept");
            assertRefused(() -> client.remove("/kept"));
            assertRefused(() -> client.open("/kept", "w"));
        }
        awaitLine("session closed");
        List<String> messages = records.stream().filter(r -> r.getLoggerName().equals("org.amiko.sftp"))
                .map(LogRecord::getMessage).toList();
        assertTrue(messages.stream().anyMatch(m -> m.endsWith(": stat name \"/kept\"")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.endsWith(": Refusing remove request in read-only mode")),
                messages.toString());
        // as sftp-server, a refused open is logged with its name before it is refused
        int open = indexOf(messages, ": open \"/kept\" flags WRITE,CREATE,TRUNCATE mode 0666");
        assertTrue(open >= 0 && messages.get(open + 1).endsWith(": Refusing open request in read-only mode"),
                messages.toString());
        assertFalse(records.stream().anyMatch(r -> r.getLoggerName().equals("org.amiko.auth.sftp")));
    }

    private static int indexOf(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    /** Waits for the server's line containing {@code text}; the lines come from its own thread. */
    private String awaitLine(String text) throws InterruptedException {
        List<LogRecord> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            LogRecord record = records.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (record == null) {
                break;
            }
            seen.add(record);
            if (record.getMessage().contains(text)) {
                records.addAll(seen);
                return record.getMessage();
            }
        }
        throw new AssertionError("no line with " + text + " in " + seen.stream().map(LogRecord::getMessage).toList());
    }
}
