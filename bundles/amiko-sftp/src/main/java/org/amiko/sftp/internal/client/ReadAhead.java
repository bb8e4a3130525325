// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.amiko.sftp.internal.wire.PacketType;

/**
 * Sequential reading with {@code depth} {@code SSH_FXP_READ} requests in flight ahead of the
 * reader (paramiko's prefetch, OpenSSH's {@code do_download} pipeline). Memory is bounded by
 * {@code depth} blocks whatever the file size. A short reply (servers may return less than asked)
 * is completed by a request for the rest before anything later is handed out, so data always comes
 * in file order.
 */
public final class ReadAhead {
    private final RequestChannel requests;
    private final byte[] handle;
    private final String context;
    private final long end;
    private final int blockSize;
    private final int depth;
    private final ArrayDeque<Segment> inFlight = new ArrayDeque<>();
    private long nextRequest;
    private long position;
    private boolean endSeen;
    private byte[] current = new byte[0];
    private int currentOffset;

    /**
     * @param start the offset of the first byte
     * @param end the offset to stop before, or -1 to read until the server says EOF
     */
    public ReadAhead(RequestChannel requests, byte[] handle, String context, long start, long end, int blockSize,
            int depth) {
        this.requests = requests;
        this.handle = handle;
        this.context = context;
        this.position = start;
        this.nextRequest = start;
        this.end = end;
        this.blockSize = blockSize;
        this.depth = depth;
    }

    /** The offset of the next byte {@link #read} returns. */
    public long position() {
        return position;
    }

    /**
     * Reads into {@code target} from the current position.
     *
     * @return the bytes read, or -1 at the end of the file (or of the range)
     */
    public int read(ByteBuffer target) throws IOException {
        if (currentOffset == current.length && !fill()) {
            return -1;
        }
        int count = Math.min(target.remaining(), current.length - currentOffset);
        target.put(current, currentOffset, count);
        currentOffset += count;
        position += count;
        return count;
    }

    /** Makes the next block current; false at the end. */
    private boolean fill() throws IOException {
        while (true) {
            topUp();
            Segment next = inFlight.poll();
            if (next == null) {
                return false;
            }
            byte[] data = Replies.data(next.reply().await(), context);
            if (data == null || data.length == 0) {
                // EOF: what was requested beyond it answers EOF too, and is dropped as it arrives
                endSeen = true;
                inFlight.clear();
                return false;
            }
            if (data.length > next.length()) {
                throw new org.amiko.sftp.SftpException(org.amiko.sftp.SftpStatus.BAD_MESSAGE,
                        context + ": the server returned " + data.length + " bytes for a read of " + next.length());
            }
            if (data.length < next.length()) {
                inFlight.addFirst(request(next.offset() + data.length, next.length() - data.length));
            }
            current = data;
            currentOffset = 0;
            return true;
        }
    }

    private void topUp() throws IOException {
        while (!endSeen && inFlight.size() < depth && (end < 0 || nextRequest < end)) {
            int length = (int) (end < 0 ? blockSize : Math.min(blockSize, end - nextRequest));
            inFlight.add(request(nextRequest, length));
            nextRequest += length;
        }
    }

    private Segment request(long offset, int length) throws IOException {
        PendingReply reply = requests.submit(PacketType.READ, handle.length + 16,
                packet -> packet.writeString(handle).writeUint64(offset).writeUint32(length));
        return new Segment(offset, length, reply);
    }

    /** Stops reading ahead: replies still on their way are dropped as they arrive. */
    public void abandon() {
        inFlight.clear();
        endSeen = true;
    }

    private record Segment(long offset, int length, PendingReply reply) {}
}
