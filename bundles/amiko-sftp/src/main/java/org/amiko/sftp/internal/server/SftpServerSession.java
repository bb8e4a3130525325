// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.sftp.server.SftpFileSystem;
import org.amiko.sftp.server.SftpServerOptions;
import org.amiko.sftp.server.SftpServerOptions.LogLevel;
import org.amiko.spi.wire.WireWriter;

/**
 * The server side of one SFTP session (draft-ietf-secsh-filexfer-02 sections 4 to 8): version
 * negotiation, then requests processed one at a time in the order they arrive, each answered
 * before the next is read. Clients keep dozens of requests in flight; they wait in the channel,
 * whose window bounds them, so the session holds one request and one reply at a time whatever the
 * client does. A malformed request is answered with {@code SSH_FX_BAD_MESSAGE}; a malformed frame
 * ends the session.
 */
public final class SftpServerSession {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");
    /** Entries per {@code SSH_FXP_NAME} of a directory listing, as OpenSSH's sftp-server sends. */
    static final int READDIR_BATCH = 100;
    private static final byte[] NO_BYTES = new byte[0];

    private final SftpFileSystem fileSystem;
    private final RequestPolicy policy;
    private final SessionLog log;
    /** sftp-server's {@code -d}: where relative paths start, a client path; null for the file system's own. */
    private String startDirectory;
    private final InputStream in;
    private final OutputStream out;
    private final HandleTable handles = new HandleTable();
    private final Set<SftpExtension> extensions = EnumSet.of(SftpExtension.LIMITS, SftpExtension.COPY_DATA);
    private final ExtendedRequests extended;

    private final boolean draftSymlinkOrder;

    /** A session for a client that sends {@code SSH_FXP_SYMLINK} in OpenSSH's order. */
    public SftpServerSession(SftpFileSystem fileSystem, InputStream in, OutputStream out) {
        this(fileSystem, in, out, false);
    }

    /**
     * @param draftSymlinkOrder whether the client sends {@code SSH_FXP_SYMLINK} as the draft says
     *     (link path first) rather than as OpenSSH does (target first)
     */
    public SftpServerSession(SftpFileSystem fileSystem, InputStream in, OutputStream out, boolean draftSymlinkOrder) {
        this(fileSystem, in, out, draftSymlinkOrder, SftpServerOptions.DEFAULTS, SessionLog.none(), null);
    }

    /**
     * A session served as sftp-server's options say: which requests it refuses ({@code -R},
     * {@code -p}, {@code -P}), what it logs ({@code -l}) and where relative paths start ({@code -d}).
     *
     * @param startDirectory the client path relative paths start from, already expanded, or null
     */
    public SftpServerSession(SftpFileSystem fileSystem, InputStream in, OutputStream out, boolean draftSymlinkOrder,
            SftpServerOptions options, SessionLog log, String startDirectory) {
        this.draftSymlinkOrder = draftSymlinkOrder;
        this.fileSystem = log.logs(LogLevel.INFO) ? new LoggedFileSystem(fileSystem, log) : fileSystem;
        this.log = log;
        this.policy = new RequestPolicy(options, log);
        this.startDirectory = startDirectory;
        this.in = in;
        this.out = out;
        this.extensions.addAll(fileSystem.extensions());
        // unlike sftp-server, an extension the options refuse is not offered: OpenSSH's sftp gives up
        // when limits@openssh.com fails, and falls back to plain RENAME without posix-rename
        this.extensions.removeIf(extension -> !policy.permits(RequestPolicy.extensionName(extension.wireName())));
        this.extended = new ExtendedRequests(this.fileSystem, handles, extensions, policy, this::resolve, this::expandable);
    }

    /** Serves until the client closes its side; closes the handles and the file system at the end. */
    public void run() throws IOException {
        try {
            SftpPacket init = SftpFraming.read(in, SftpFraming.MAX_INBOUND);
            if (init == null) {
                return;
            }
            if (init.type() != PacketType.INIT) {
                throw new SftpException(SftpStatus.BAD_MESSAGE,
                        "the SFTP session began with " + PacketType.name(init.type()) + ", not SSH_FXP_INIT");
            }
            int clientVersion = init.readUint32();
            LOG.log(Level.DEBUG, () -> "SFTP client version " + clientVersion + ", answering version 3");
            send(version());
            if (startDirectory != null) {
                startIn(startDirectory);
            }
            SftpPacket request;
            while ((request = SftpFraming.read(in, SftpFraming.MAX_INBOUND)) != null) {
                send(answer(request));
            }
        } finally {
            if (fileSystem instanceof LoggedFileSystem logged) {
                logged.ending();
            }
            handles.closeAll();
            fileSystem.close();
        }
    }

    /** sftp-server's {@code chdir} to its {@code -d} directory: a failure is logged, and paths start where they would have. */
    private void startIn(String directory) {
        startDirectory = null;
        try {
            if (fileSystem.stat(directory).isDirectory()) {
                startDirectory = directory;
                return;
            }
            log.error("chdir to " + SessionLog.quoted(directory) + " failed: Not a directory");
        } catch (IOException | RuntimeException e) {
            // the reason, as sftp-server's strerror, not a message that repeats the path unquoted
            String reason = e instanceof SftpException failed ? switch (failed.getStatus()) {
                case NO_SUCH_FILE -> "No such file or directory";
                default -> failed.getStatus().text();
            } : "Failure";
            log.error("chdir to " + SessionLog.quoted(directory) + " failed: " + reason);
        }
    }

    /**
     * A path for {@code expand-path@openssh.com}: {@code ~} and {@code ~/...} start from the start
     * directory when there is one, as sftp-server expands them from its working directory; other
     * {@code ~} forms are the file system's; the rest as {@link #resolve}.
     */
    String expandable(String path) {
        if (startDirectory != null && (path.equals("~") || path.startsWith("~/"))) {
            return resolve(path.length() == 1 ? "." : path.substring(2));
        }
        return path.startsWith("~") ? path : resolve(path);
    }

    /** A path the client sent, relative ones taken from the start directory as sftp-server's are from its {@code -d}. */
    String resolve(String path) {
        if (startDirectory == null || path.startsWith("/")) {
            return path;
        }
        if (path.isEmpty() || path.equals(".")) {
            return startDirectory;
        }
        return startDirectory.endsWith("/") ? startDirectory + path : startDirectory + "/" + path;
    }

    private String path(SftpPacket request) throws SftpException {
        return resolve(request.readPath());
    }

    private byte[] version() throws SftpException {
        WireWriter packet = SftpFraming.start(PacketType.VERSION, 512).writeUint32(PacketType.SFTP_VERSION);
        for (SftpExtension extension : SftpExtension.values()) {
            if (extensions.contains(extension)) {
                packet.writeString(extension.wireName()).writeString(extension.version());
            }
        }
        return SftpFraming.frame(packet);
    }

    private void send(byte[] reply) throws IOException {
        out.write(reply);
        out.flush();
    }

    /** The reply to one request: its result, or the status of its failure. */
    private byte[] answer(SftpPacket request) throws IOException {
        byte[] reply;
        int id = 0;
        try {
            id = request.readUint32();
            policy.check(RequestPolicy.name(request.type()));
            reply = dispatch(request, id);
        } catch (IOException | RuntimeException e) {
            SftpException error = StatusMapping.of(e, null);
            if (error.getStatus() == SftpStatus.FAILURE && !(e instanceof SftpException)) {
                LOG.log(Level.DEBUG, () -> PacketType.name(request.type()) + " failed", e);
            }
            reply = status(id, error.getCode() < 0 ? SftpStatus.FAILURE.code() : error.getCode(), error.getMessage());
        }
        if (log.logs(LogLevel.INFO) && reply[4] == PacketType.STATUS) {
            // sftp-server's send_status: failures from INFO on, every status above VERBOSE
            int code = ByteBuffer.wrap(reply, 9, 4).getInt();
            if (log.logs(LogLevel.DEBUG) || code != SftpStatus.OK.code() && code != SftpStatus.EOF.code()) {
                log.info("sent status " + SftpStatus.of(code).text());
            }
        }
        return reply;
    }

    private byte[] dispatch(SftpPacket request, int id) throws IOException {
        return switch (request.type()) {
            case PacketType.OPEN -> {
                String path = path(request);
                Set<OpenFlag> flags = OpenFlag.fromBits(request.readUint32());
                SftpAttributes attributes = request.readAttributes();
                policy.checkOpen(path, flags, attributes);
                yield handle(id, handles.add(fileSystem.open(path, flags, attributes)));
            }
            case PacketType.CLOSE -> {
                Closeable handle = handles.remove(request.readString());
                handle.close();
                yield ok(id);
            }
            case PacketType.READ -> read(id, request.readString(), request.readUint64(), request.readUint32());
            case PacketType.WRITE -> {
                byte[] handle = request.readString();
                long offset = offset(request.readUint64());
                handles.file(handle).write(offset, ByteBuffer.wrap(request.readString()));
                yield ok(id);
            }
            case PacketType.LSTAT -> attributes(id, fileSystem.lstat(path(request)));
            case PacketType.FSTAT -> attributes(id, handles.file(request.readString()).fstat());
            case PacketType.STAT -> attributes(id, fileSystem.stat(path(request)));
            case PacketType.SETSTAT -> {
                fileSystem.setstat(path(request), request.readAttributes());
                yield ok(id);
            }
            case PacketType.FSETSTAT -> {
                byte[] handle = request.readString();
                handles.file(handle).fsetstat(request.readAttributes());
                yield ok(id);
            }
            case PacketType.OPENDIR -> handle(id, handles.add(fileSystem.opendir(path(request))));
            case PacketType.READDIR -> {
                List<SftpEntry> entries = handles.directory(request.readString()).readdir(READDIR_BATCH);
                yield entries.isEmpty() ? status(id, SftpStatus.EOF.code(), "End of directory") : names(id, entries);
            }
            case PacketType.REMOVE -> {
                fileSystem.remove(path(request));
                yield ok(id);
            }
            case PacketType.MKDIR -> {
                fileSystem.mkdir(path(request), request.readAttributes());
                yield ok(id);
            }
            case PacketType.RMDIR -> {
                fileSystem.rmdir(path(request));
                yield ok(id);
            }
            case PacketType.REALPATH -> name(id, fileSystem.realpath(path(request)));
            case PacketType.RENAME -> {
                fileSystem.rename(path(request), path(request));
                yield ok(id);
            }
            case PacketType.READLINK -> name(id, fileSystem.readlink(path(request)));
            case PacketType.SYMLINK -> {
                // OpenSSH's order (PROTOCOL section 4.1) is the target first; the draft's is the link first
                // the target is stored as written: only the link's own path starts from the start directory
                String first = request.readPath();
                String second = request.readPath();
                if (draftSymlinkOrder) {
                    fileSystem.symlink(second, resolve(first));
                } else {
                    fileSystem.symlink(first, resolve(second));
                }
                yield ok(id);
            }
            case PacketType.EXTENDED -> extended.answer(id, request);
            default -> status(id, SftpStatus.OP_UNSUPPORTED.code(),
                    "Operation unsupported: " + PacketType.name(request.type()));
        };
    }

    private byte[] read(int id, byte[] handle, long offset, int requested) throws IOException {
        int length = (int) Math.min(Integer.toUnsignedLong(requested), SftpFraming.MAX_DATA);
        byte[] reply = new byte[13 + length];
        int count = handles.file(handle).read(offset(offset), ByteBuffer.wrap(reply, 13, length));
        if (count < 0) {
            return status(id, SftpStatus.EOF.code(), "End of file");
        }
        // uint32 length, byte SSH_FXP_DATA, uint32 id, string data: the data was read in place
        byte[] header = new WireWriter(13).writeUint32(9 + count).writeByte(PacketType.DATA).writeUint32(id)
                .writeUint32(count).toByteArray();
        System.arraycopy(header, 0, reply, 0, 13);
        return count == length ? reply : Arrays.copyOf(reply, 13 + count);
    }

    private static long offset(long value) throws SftpException {
        if (value < 0) {
            throw new SftpException(SftpStatus.FAILURE, "Offset beyond 2^63-1");
        }
        return value;
    }

    static byte[] status(int id, int code, String message) throws SftpException {
        return SftpFraming.frame(SftpFraming.start(PacketType.STATUS, id, 64 + message.length()).writeUint32(code)
                .writeString(message).writeString(NO_BYTES));
    }

    static byte[] ok(int id) throws SftpException {
        return status(id, SftpStatus.OK.code(), "Success");
    }

    private static byte[] handle(int id, byte[] handle) throws SftpException {
        return SftpFraming.frame(SftpFraming.start(PacketType.HANDLE, id, 8).writeString(handle));
    }

    private static byte[] attributes(int id, SftpAttributes attributes) throws SftpException {
        return SftpFraming.frame(AttributesCodec.write(SftpFraming.start(PacketType.ATTRS, id, 48), attributes));
    }

    /** A one-name {@code SSH_FXP_NAME}, as OpenSSH answers {@code REALPATH} and {@code READLINK}. */
    static byte[] name(int id, String path) throws SftpException {
        return names(id, List.of(new SftpEntry(path, path, SftpAttributes.EMPTY)));
    }

    private static byte[] names(int id, List<SftpEntry> entries) throws SftpException {
        WireWriter packet = SftpFraming.start(PacketType.NAME, id, 128 * entries.size()).writeUint32(entries.size());
        for (SftpEntry entry : entries) {
            packet.writeString(entry.filename()).writeString(entry.longName());
            AttributesCodec.write(packet, entry.attributes());
        }
        return SftpFraming.frame(packet);
    }
}
