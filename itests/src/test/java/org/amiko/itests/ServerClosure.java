// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.amiko.itests.RawSshPeer.Disconnect;

/**
 * How a server ended a connection: what it sent before it closed, and whether the close came as a
 * TCP reset (it closed with bytes of ours still unread).
 */
record ServerClosure(byte[] received, boolean reset, Duration after) {

    /**
     * Reads until the server closes (EOF, or a reset) and fails if it has not within {@code limit}.
     */
    static ServerClosure await(Socket socket, Duration limit) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream input = socket.getInputStream();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the server kept the connection open for more than " + limit);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                int read = input.read(buffer);
                if (read < 0) {
                    return new ServerClosure(received.toByteArray(), false, Duration.ofNanos(System.nanoTime() - start));
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the connection open for more than " + limit, e);
            } catch (SocketException e) {
                // "Connection reset": the server closed while our bytes were still unread; closed all the same
                return new ServerClosure(received.toByteArray(), true, Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    /**
     * The DISCONNECT in a transcript that holds only plaintext (a version line, then packets under
     * cipher "none"), if it arrived before the close.
     */
    Optional<Disconnect> plaintextDisconnect() throws IOException {
        int position = 0;
        while (position < received.length && received[position] != '\n') {
            position++;
        }
        position++;
        while (position + 4 <= received.length) {
            int length = RawSshPeer.getInt(received, position);
            if (length < 5 || position + 4 + length > received.length) {
                return Optional.empty();
            }
            int padding = received[position + 4] & 0xff;
            if (length - 1 - padding < 1) {
                return Optional.empty();
            }
            byte[] payload = Arrays.copyOfRange(received, position + 5, position + 4 + length - padding);
            if (payload[0] == RawSshPeer.DISCONNECT) {
                return Optional.of(Disconnect.parse(payload));
            }
            position += 4 + length;
        }
        return Optional.empty();
    }
}
