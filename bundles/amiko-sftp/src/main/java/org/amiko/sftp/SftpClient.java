// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.sftp.internal.client.Replies;
import org.amiko.sftp.internal.client.RequestChannel;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;

/**
 * An SFTP client, paramiko's {@code SFTPClient} in Java idiom: SFTP version 3
 * (draft-ietf-secsh-filexfer-02) with the OpenSSH extensions (OpenSSH PROTOCOL section 4) the
 * server advertises.
 *
 * <pre>{@code
 * try (SftpClient sftp = SftpClient.open(transport)) {
 *     sftp.put(Path.of("report.pdf"), "incoming/report.pdf", (done, total) -> { });
 *     for (SftpEntry entry : sftp.listdirAttr("incoming")) { ... }
 * }
 * }</pre>
 *
 * <p>Transfers are pipelined: {@linkplain #setRequestsInFlight requests in flight} (64 by
 * default) of {@linkplain #setBlockSize blocks} (32 KiB) each, so memory stays within their
 * product. Failures are {@link SftpException}s with the server's status and message. Methods may
 * be called from several threads; each {@link SftpFile} belongs to one.
 */
public final class SftpClient implements AutoCloseable {
    private static final int DEFAULT_BLOCK = 32 * 1024;
    private static final int DEFAULT_IN_FLIGHT = 64;

    private final RequestChannel requests;
    private final Channel channel;
    private final int version;
    private final Map<String, String> extensions;
    private final SftpLimits limits;
    private volatile int blockSize = DEFAULT_BLOCK;
    private volatile int requestsInFlight = DEFAULT_IN_FLIGHT;
    private volatile String cwd;

    private SftpClient(RequestChannel requests, Channel channel, int version, Map<String, String> extensions)
            throws IOException {
        this.requests = requests;
        this.channel = channel;
        this.version = version;
        this.extensions = Collections.unmodifiableMap(extensions);
        this.limits = supports(SftpExtension.LIMITS) ? queryLimits() : null;
    }

    /** Opens a session channel on {@code transport}, starts the {@code sftp} subsystem and negotiates. */
    public static SftpClient open(Transport transport) throws IOException {
        Channel channel = transport.openSession();
        try {
            channel.invokeSubsystem("sftp");
            return open(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Speaks SFTP on a channel whose {@code sftp} subsystem has been started; closing the client closes it. */
    public static SftpClient open(Channel channel) throws IOException {
        RequestChannel requests = new RequestChannel(channel.getInputStream(), channel.getOutputStream(), channel);
        try {
            int[] version = new int[1];
            Map<String, String> extensions = requests.negotiate(version);
            return new SftpClient(requests, channel, version[0], extensions);
        } catch (IOException | RuntimeException e) {
            requests.close();
            throw e;
        }
    }

    /** The channel the session runs on. */
    public Channel getChannel() {
        return channel;
    }

    /** The protocol version the server answered (3, or more from servers that ignore the client's). */
    public int getServerVersion() {
        return version;
    }

    /** The extensions the server advertised, name to version. */
    public Map<String, String> getExtensions() {
        return extensions;
    }

    /** Whether the server advertised {@code extension} in the version this client speaks. */
    public boolean supports(SftpExtension extension) {
        return extension.version().equals(extensions.get(extension.wireName()));
    }

    /** The server's limits ({@code limits@openssh.com}), or null when it has not that extension. */
    public SftpLimits limits() {
        return limits;
    }

    /** The data per read or write request, 1 to 261120 bytes; capped by the server's limits. */
    public void setBlockSize(int bytes) {
        if (bytes < 1 || bytes > SftpFraming.MAX_DATA) {
            throw new IllegalArgumentException("block size must be 1 to " + SftpFraming.MAX_DATA + ", not " + bytes);
        }
        blockSize = bytes;
    }

    /** How many reads or writes one file keeps unanswered, 1 to 256. */
    public void setRequestsInFlight(int count) {
        if (count < 1 || count > RequestChannel.MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("requests in flight must be 1 to " + RequestChannel.MAX_IN_FLIGHT);
        }
        requestsInFlight = count;
    }

    // ---- paths and directories ----

    /** paramiko's {@code chdir}: relative paths are taken from {@code path} from now on; null forgets it. */
    public void chdir(String path) throws IOException {
        if (path == null) {
            cwd = null;
            return;
        }
        String resolved = normalize(path);
        if (!stat(resolved).isDirectory()) {
            throw new SftpException(SftpStatus.NO_SUCH_FILE, "chdir " + path + ": not a directory");
        }
        cwd = resolved;
    }

    /** The directory set by {@link #chdir}, or null. */
    public String getcwd() {
        return cwd;
    }

    /** {@code SSH_FXP_REALPATH}: the server's canonical absolute path. */
    public String normalize(String path) throws IOException {
        String full = adjust(path);
        return Replies.name(call(PacketType.REALPATH, full.length(), packet -> packet.writeString(full)),
                "realpath " + full);
    }

    /** The names in a directory, without {@code .} and {@code ..}. */
    public List<String> listdir(String path) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<SftpEntry> entries = listdirIter(path)) {
            entries.forEach(entry -> names.add(entry.filename()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return names;
    }

    /** The entries of a directory with their attributes, without {@code .} and {@code ..}. */
    public List<SftpEntry> listdirAttr(String path) throws IOException {
        List<SftpEntry> entries = new ArrayList<>();
        try (Stream<SftpEntry> stream = listdirIter(path)) {
            stream.forEach(entries::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return entries;
    }

    /**
     * The entries of a directory as they arrive, batch by batch, for directories too large to
     * hold: close the stream (try-with-resources) to close the directory handle. I/O failures
     * while iterating are {@link UncheckedIOException}s.
     */
    public Stream<SftpEntry> listdirIter(String path) throws IOException {
        String full = adjust(path);
        byte[] handle = Replies.handle(call(PacketType.OPENDIR, full.length(), packet -> packet.writeString(full)),
                "opendir " + full);
        DirectoryListing batches = new DirectoryListing(requests, handle, full);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(batches, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(batches::close);
    }

    public void mkdir(String path) throws IOException {
        mkdir(path, 0777);
    }

    /** {@code SSH_FXP_MKDIR} with permissions {@code mode} (the server applies its umask). */
    public void mkdir(String path, int mode) throws IOException {
        String full = adjust(path);
        okCall(PacketType.MKDIR, "mkdir " + full, packet -> AttributesCodec.write(packet.writeString(full),
                SftpAttributes.EMPTY.withPermissions(mode)));
    }

    public void rmdir(String path) throws IOException {
        String full = adjust(path);
        okCall(PacketType.RMDIR, "rmdir " + full, packet -> packet.writeString(full));
    }

    // ---- files ----

    /** Opens with a Python-style mode as paramiko does: {@code r}, {@code w}, {@code a}, {@code x}, with {@code +}. */
    public SftpFile open(String path, String mode) throws IOException {
        return open(path, OpenFlag.fromMode(mode), SftpAttributes.EMPTY);
    }

    /** {@code SSH_FXP_OPEN}; {@code attributes} apply to a file it creates. */
    public SftpFile open(String path, Set<OpenFlag> flags, SftpAttributes attributes) throws IOException {
        String full = adjust(path);
        byte[] handle = Replies.handle(call(PacketType.OPEN, full.length() + 32, packet -> AttributesCodec.write(
                packet.writeString(full).writeUint32(OpenFlag.toBits(flags)), attributes)), "open " + full);
        return new SftpFile(this, requests, handle, full, flags.contains(OpenFlag.APPEND));
    }

    public void remove(String path) throws IOException {
        String full = adjust(path);
        okCall(PacketType.REMOVE, "remove " + full, packet -> packet.writeString(full));
    }

    /** {@code SSH_FXP_RENAME}: fails if {@code newPath} exists (use {@link #posixRename} to replace). */
    public void rename(String oldPath, String newPath) throws IOException {
        String from = adjust(oldPath);
        String to = adjust(newPath);
        okCall(PacketType.RENAME, "rename " + from, packet -> packet.writeString(from).writeString(to));
    }

    /** {@code posix-rename@openssh.com}: replaces {@code newPath} atomically. */
    public void posixRename(String oldPath, String newPath) throws IOException {
        String from = adjust(oldPath);
        String to = adjust(newPath);
        extendedOk(SftpExtension.POSIX_RENAME, "posix-rename " + from, packet -> packet.writeString(from).writeString(to));
    }

    /** {@code hardlink@openssh.com}: {@code newPath} becomes another name of {@code oldPath}. */
    public void hardlink(String oldPath, String newPath) throws IOException {
        String from = adjust(oldPath);
        String to = adjust(newPath);
        extendedOk(SftpExtension.HARDLINK, "hardlink " + to, packet -> packet.writeString(from).writeString(to));
    }

    /** {@code SSH_FXP_STAT}: follows symbolic links. */
    public SftpAttributes stat(String path) throws IOException {
        String full = adjust(path);
        return Replies.attributes(call(PacketType.STAT, full.length(), packet -> packet.writeString(full)),
                "stat " + full);
    }

    /** {@code SSH_FXP_LSTAT}: a link's own attributes. */
    public SftpAttributes lstat(String path) throws IOException {
        String full = adjust(path);
        return Replies.attributes(call(PacketType.LSTAT, full.length(), packet -> packet.writeString(full)),
                "lstat " + full);
    }

    /** {@code SSH_FXP_SETSTAT} with the fields present in {@code attributes}. */
    public void setStat(String path, SftpAttributes attributes) throws IOException {
        String full = adjust(path);
        okCall(PacketType.SETSTAT, "setstat " + full, packet -> AttributesCodec.write(packet.writeString(full),
                attributes));
    }

    /** {@code lsetstat@openssh.com}: as {@link #setStat} on a link itself. */
    public void lsetStat(String path, SftpAttributes attributes) throws IOException {
        String full = adjust(path);
        extendedOk(SftpExtension.LSETSTAT, "lsetstat " + full, packet -> AttributesCodec.write(
                packet.writeString(full), attributes));
    }

    public void chmod(String path, int mode) throws IOException {
        setStat(path, SftpAttributes.EMPTY.withPermissions(mode));
    }

    public void chown(String path, int uid, int gid) throws IOException {
        setStat(path, SftpAttributes.EMPTY.withOwner(uid, gid));
    }

    /** Sets both times (SFTP v3 sets them together), to the second. */
    public void utime(String path, Instant accessed, Instant modified) throws IOException {
        setStat(path, SftpAttributes.EMPTY.withTimes(accessed.getEpochSecond(), modified.getEpochSecond()));
    }

    /** Sets both times to now, as paramiko's {@code utime(path, None)}. */
    public void utime(String path) throws IOException {
        Instant now = Instant.now();
        utime(path, now, now);
    }

    /** Sets the size, cutting or extending the file. */
    public void truncate(String path, long size) throws IOException {
        setStat(path, SftpAttributes.EMPTY.withSize(size));
    }

    /**
     * Creates {@code linkPath} pointing at {@code targetPath}, paramiko's {@code symlink(source,
     * dest)}; sent in OpenSSH's argument order (PROTOCOL section 4.1), which servers follow.
     */
    public void symlink(String targetPath, String linkPath) throws IOException {
        String link = adjust(linkPath);
        okCall(PacketType.SYMLINK, "symlink " + link, packet -> packet.writeString(targetPath).writeString(link));
    }

    /** The target of a symbolic link, as the server gives it. */
    public String readlink(String path) throws IOException {
        String full = adjust(path);
        return Replies.name(call(PacketType.READLINK, full.length(), packet -> packet.writeString(full)),
                "readlink " + full);
    }

    // ---- extensions ----

    /** {@code statvfs@openssh.com}: the file system holding {@code path}, as {@code df} shows it. */
    public SftpStatVfs statvfs(String path) throws IOException {
        String full = adjust(path);
        SftpPacket reply = extendedCall(SftpExtension.STATVFS, "statvfs " + full, packet -> packet.writeString(full));
        return new SftpStatVfs(reply.readUint64(), reply.readUint64(), reply.readUint64(), reply.readUint64(),
                reply.readUint64(), reply.readUint64(), reply.readUint64(), reply.readUint64(), reply.readUint64(),
                reply.readUint64(), reply.readUint64());
    }

    /** {@code expand-path@openssh.com}: {@code ~}, {@code ~/x}, {@code ~user/x} expanded and canonicalised. */
    public String expandPath(String path) throws IOException {
        requireExtension(SftpExtension.EXPAND_PATH);
        return Replies.name(call(PacketType.EXTENDED, path.length() + 32, packet -> packet.writeString(
                SftpExtension.EXPAND_PATH.wireName()).writeString(path)), "expand-path " + path);
    }

    /** {@code home-directory}: the home of {@code user}, or of the session's user for an empty name. */
    public String homeDirectory(String user) throws IOException {
        requireExtension(SftpExtension.HOME_DIRECTORY);
        return Replies.name(call(PacketType.EXTENDED, user.length() + 32, packet -> packet.writeString(
                SftpExtension.HOME_DIRECTORY.wireName()).writeString(user)), "home-directory " + user);
    }

    /** {@code users-groups-by-id@openssh.com}: user names of {@code uids}, in order, empty when unknown. */
    public List<String> userNames(int... uids) throws IOException {
        return idNames(uids, new int[0]).get(0);
    }

    /** As {@link #userNames} for group ids. */
    public List<String> groupNames(int... gids) throws IOException {
        return idNames(new int[0], gids).get(1);
    }

    /**
     * {@code copy-data}: copies {@code source} to {@code target} inside the server, without the
     * data crossing the network.
     */
    public void copy(String source, String target) throws IOException {
        requireExtension(SftpExtension.COPY_DATA);
        try (SftpFile from = open(source, "r"); SftpFile to = open(target, "w")) {
            extendedOk(SftpExtension.COPY_DATA, "copy-data " + from.path(), packet -> packet.writeString(from.handle())
                    .writeUint64(0).writeUint64(0).writeString(to.handle()).writeUint64(0));
        }
    }

    // ---- transfers ----

    /** Downloads {@code remotePath} to {@code localPath}, pipelined. */
    public long get(String remotePath, Path localPath) throws IOException {
        return get(remotePath, localPath, TransferProgress.NONE);
    }

    public long get(String remotePath, Path localPath, TransferProgress progress) throws IOException {
        return new FileTransfers(this, progress).get(adjust(remotePath), localPath, false);
    }

    /** Downloads into a stream (paramiko's {@code getfo}); the stream is not closed. */
    public long getfo(String remotePath, OutputStream target, TransferProgress progress) throws IOException {
        return new FileTransfers(this, progress).getfo(adjust(remotePath), target);
    }

    /** Continues a download: keeps the local file and fetches only what it lacks. */
    public long resumeGet(String remotePath, Path localPath, TransferProgress progress) throws IOException {
        return new FileTransfers(this, progress).get(adjust(remotePath), localPath, true);
    }

    /** Uploads {@code localPath} to {@code remotePath}, pipelined, and checks the size that arrived. */
    public SftpAttributes put(Path localPath, String remotePath) throws IOException {
        return put(localPath, remotePath, TransferProgress.NONE);
    }

    public SftpAttributes put(Path localPath, String remotePath, TransferProgress progress) throws IOException {
        return new FileTransfers(this, progress).put(localPath, adjust(remotePath), false);
    }

    /** Uploads a stream (paramiko's {@code putfo}); {@code size} is for the progress, -1 if unknown. */
    public SftpAttributes putfo(InputStream source, String remotePath, long size, TransferProgress progress)
            throws IOException {
        return new FileTransfers(this, progress).putfo(source, adjust(remotePath), size);
    }

    /** Continues an upload from the size the remote file already has. */
    public SftpAttributes resumePut(Path localPath, String remotePath, TransferProgress progress) throws IOException {
        return new FileTransfers(this, progress).put(localPath, adjust(remotePath), true);
    }

    /** Downloads a directory tree into {@code localDirectory} (created); links to directories are skipped. */
    public void getRecursive(String remoteDirectory, Path localDirectory, TransferProgress progress) throws IOException {
        new FileTransfers(this, progress).getTree(adjust(remoteDirectory), localDirectory);
    }

    /** Uploads a directory tree to {@code remoteDirectory} (created when missing). */
    public void putRecursive(Path localDirectory, String remoteDirectory, TransferProgress progress) throws IOException {
        new FileTransfers(this, progress).putTree(localDirectory, adjust(remoteDirectory));
    }

    /** Ends the session and closes its channel. */
    @Override
    public void close() throws IOException {
        requests.close();
    }

    // ---- plumbing ----

    int blockSize(boolean read) {
        long cap = limits == null ? 0 : read ? limits.maxReadLength() : limits.maxWriteLength();
        return cap > 0 ? (int) Math.min(blockSize, cap) : blockSize;
    }

    int requestsInFlight() {
        return requestsInFlight;
    }

    String adjust(String path) {
        String base = cwd;
        if (base == null || path.startsWith("/")) {
            return path;
        }
        return base.endsWith("/") ? base + path : base + "/" + path;
    }

    void requireExtension(SftpExtension extension) throws SftpException {
        if (!supports(extension)) {
            throw new SftpException(SftpStatus.OP_UNSUPPORTED,
                    "the server does not support " + extension.wireName() + " version " + extension.version());
        }
    }

    private SftpPacket call(int type, int sizeHint, RequestChannel.RequestBody body) throws IOException {
        return requests.call(type, sizeHint + 16, body);
    }

    private void okCall(int type, String context, RequestChannel.RequestBody body) throws IOException {
        Replies.ok(call(type, 256, body), context);
    }

    private SftpPacket extendedCall(SftpExtension extension, String context, RequestChannel.RequestBody body)
            throws IOException {
        requireExtension(extension);
        return Replies.extended(call(PacketType.EXTENDED, 256, packet -> body.write(packet.writeString(
                extension.wireName()))), context);
    }

    private void extendedOk(SftpExtension extension, String context, RequestChannel.RequestBody body)
            throws IOException {
        requireExtension(extension);
        Replies.ok(call(PacketType.EXTENDED, 256, packet -> body.write(packet.writeString(extension.wireName()))),
                context);
    }

    private SftpLimits queryLimits() throws IOException {
        SftpPacket reply = extendedCall(SftpExtension.LIMITS, "limits", packet -> { });
        return new SftpLimits(reply.readUint64(), reply.readUint64(), reply.readUint64(), reply.readUint64());
    }

    private List<List<String>> idNames(int[] uids, int[] gids) throws IOException {
        SftpPacket reply = extendedCall(SftpExtension.USERS_GROUPS_BY_ID, "users-groups-by-id", packet -> {
            packet.writeUint32(uids.length * 4);
            for (int uid : uids) {
                packet.writeUint32(uid);
            }
            packet.writeUint32(gids.length * 4);
            for (int gid : gids) {
                packet.writeUint32(gid);
            }
        });
        return List.of(IdNames.read(reply.readString(), uids.length), IdNames.read(reply.readString(), gids.length));
    }
}
