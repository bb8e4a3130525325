// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A channel's outgoing data stream (type 0, or extended type 1 for stderr). Writes go straight to
 * the channel, which splits them by the peer's window and maximum packet size and blocks while the
 * window is closed; {@link #close()} sends EOF for the standard stream.
 */
final class ChannelOutput extends OutputStream {
    private final SshChannel channel;
    private final boolean extended;

    ChannelOutput(SshChannel channel, boolean extended) {
        this.channel = channel;
        this.extended = extended;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        channel.sendData(extended, data, offset, length);
    }

    @Override
    public void close() throws IOException {
        if (!extended) {
            channel.shutdownOutput();
        }
    }
}
