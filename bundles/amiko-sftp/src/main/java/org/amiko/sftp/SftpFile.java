// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.amiko.sftp.internal.client.PendingReply;
import org.amiko.sftp.internal.client.ReadAhead;
import org.amiko.sftp.internal.client.Replies;
import org.amiko.sftp.internal.client.RequestChannel;
import org.amiko.sftp.internal.wire.AttributesCodec;
import org.amiko.sftp.internal.wire.PacketType;

/**
 * An open remote file, paramiko's {@code SFTPFile}: a {@link SeekableByteChannel} over
 * {@code SSH_FXP_READ} and {@code SSH_FXP_WRITE} (draft-ietf-secsh-filexfer-02 sections 6.3 and
 * 6.4), with a position of its own.
 *
 * <p>Writes are pipelined: each returns once its request is sent, with up to the client's
 * {@linkplain SftpClient#setRequestsInFlight requests in flight}; a failure surfaces at a later
 * write, {@link #flush()} or {@link #close()}. {@link #prefetch} reads ahead the same way. Memory
 * stays within that many blocks. One thread at a time.
 */
public final class SftpFile implements SeekableByteChannel {
    private final SftpClient client;
    private final RequestChannel requests;
    private final byte[] handle;
    private final String path;
    private final boolean append;
    private final ArrayDeque<PendingReply> writes = new ArrayDeque<>();
    private long position;
    private ReadAhead readAhead;
    private boolean open = true;

    SftpFile(SftpClient client, RequestChannel requests, byte[] handle, String path, boolean append) {
        this.client = client;
        this.requests = requests;
        this.handle = handle;
        this.path = path;
        this.append = append;
    }

    byte[] handle() {
        return handle;
    }

    /** The path the file was opened with. */
    public String path() {
        return path;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        checkOpen();
        if (!target.hasRemaining()) {
            return 0;
        }
        if (readAhead != null && readAhead.position() == position) {
            int count = readAhead.read(target);
            if (count > 0) {
                position += count;
            }
            return count;
        }
        dropReadAhead();
        int length = Math.min(target.remaining(), client.blockSize(true));
        byte[] data = Replies.data(requests.call(PacketType.READ, handle.length + 16,
                packet -> packet.writeString(handle).writeUint64(position).writeUint32(length)), "read " + path);
        if (data == null) {
            return -1;
        }
        int count = Math.min(data.length, target.remaining());
        target.put(data, 0, count);
        position += count;
        return count;
    }

    /**
     * Reads up to {@code size} bytes from the position, fewer only at the end of the file
     * (paramiko's {@code read(size)}), with the reads of the range pipelined.
     */
    public byte[] read(int size) throws IOException {
        checkOpen();
        boolean ranged = readAhead == null || readAhead.position() != position;
        if (ranged) {
            dropReadAhead();
            readAhead = new ReadAhead(requests, handle, "read " + path, position, position + size,
                    client.blockSize(true), client.requestsInFlight());
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        try {
            while (buffer.hasRemaining() && read(buffer) > 0) {
                // read() advances through the read-ahead
            }
        } finally {
            if (ranged) {
                // its range ends here: later reads must not take its end for the file's
                dropReadAhead();
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * Reads ahead from the current position to the end of the file with pipelined requests
     * (paramiko's {@code prefetch}), for reading a file through in order. Seeking elsewhere stops it.
     */
    public void prefetch() throws IOException {
        checkOpen();
        dropReadAhead();
        readAhead = new ReadAhead(requests, handle, "read " + path, position, -1, client.blockSize(true),
                client.requestsInFlight());
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        checkOpen();
        dropReadAhead();
        int total = source.remaining();
        int blockSize = client.blockSize(false);
        while (source.hasRemaining()) {
            int length = Math.min(blockSize, source.remaining());
            byte[] data = new byte[length];
            source.get(data);
            while (writes.size() >= client.requestsInFlight()) {
                Replies.ok(writes.poll().await(), "write " + path);
            }
            long offset = position;
            writes.add(requests.submit(PacketType.WRITE, handle.length + 16 + length,
                    packet -> packet.writeString(handle).writeUint64(offset).writeString(data)));
            position += length;
        }
        return total;
    }

    /** Writes all of {@code data} at the position. */
    public void write(byte[] data) throws IOException {
        write(ByteBuffer.wrap(data));
    }

    /** Waits until every write sent so far is acknowledged; throws the first failure. */
    public void flush() throws IOException {
        while (!writes.isEmpty()) {
            Replies.ok(writes.poll().await(), "write " + path);
        }
    }

    /** {@link #flush()}, then {@code fsync@openssh.com}: the data is on the server's disk. */
    public void fsync() throws IOException {
        flush();
        client.requireExtension(SftpExtension.FSYNC);
        Replies.ok(requests.call(PacketType.EXTENDED, 32 + handle.length, packet -> packet
                .writeString(SftpExtension.FSYNC.wireName()).writeString(handle)), "fsync " + path);
    }

    @Override
    public long position() {
        return position;
    }

    /** Moves the position; in append mode writes still go to the end (the server decides). */
    @Override
    public SftpFile position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    /** paramiko's {@code seek}. */
    public void seek(long offset) {
        position(offset);
    }

    /** paramiko's {@code tell}. */
    public long tell() {
        return position;
    }

    /** The size from {@code SSH_FXP_FSTAT}, after outstanding writes. */
    @Override
    public long size() throws IOException {
        return stat().size();
    }

    /** {@code SSH_FXP_FSTAT}, after outstanding writes. */
    public SftpAttributes stat() throws IOException {
        checkOpen();
        flush();
        return Replies.attributes(requests.call(PacketType.FSTAT, handle.length + 4,
                packet -> packet.writeString(handle)), "fstat " + path);
    }

    /** {@code SSH_FXP_FSETSTAT} with the fields present in {@code attributes}. */
    public void setStat(SftpAttributes attributes) throws IOException {
        checkOpen();
        flush();
        Replies.ok(requests.call(PacketType.FSETSTAT, handle.length + 64, packet -> AttributesCodec.write(
                packet.writeString(handle), attributes)), "fsetstat " + path);
    }

    /** Sets the size; unlike {@link SeekableByteChannel#truncate} this also extends. */
    @Override
    public SftpFile truncate(long size) throws IOException {
        setStat(SftpAttributes.EMPTY.withSize(size));
        if (position > size) {
            position = size;
        }
        return this;
    }

    public void chmod(int mode) throws IOException {
        setStat(SftpAttributes.EMPTY.withPermissions(mode));
    }

    public void chown(int uid, int gid) throws IOException {
        setStat(SftpAttributes.EMPTY.withOwner(uid, gid));
    }

    public void utime(Instant accessed, Instant modified) throws IOException {
        setStat(SftpAttributes.EMPTY.withTimes(accessed.getEpochSecond(), modified.getEpochSecond()));
    }

    /** A stream reading from the position on, with read-ahead; closing it closes the file. */
    public InputStream inputStream() throws IOException {
        prefetch();
        return Channels.newInputStream(this);
    }

    /** A stream writing at the position on; closing it closes the file. */
    public OutputStream outputStream() {
        return Channels.newOutputStream(this);
    }

    /** Whether the file was opened to append. */
    public boolean isAppend() {
        return append;
    }

    @Override
    public boolean isOpen() {
        return open && requests.isOpen();
    }

    /** Sends outstanding writes' results and {@code SSH_FXP_CLOSE}; the first failure is thrown. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        dropReadAhead();
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
        writes.clear();
        try {
            Replies.ok(requests.call(PacketType.CLOSE, handle.length + 4, packet -> packet.writeString(handle)),
                    "close " + path);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void dropReadAhead() {
        if (readAhead != null) {
            readAhead.abandon();
            readAhead = null;
        }
    }

    private void checkOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "SftpFile[" + path + " @" + position + "]";
    }
}
