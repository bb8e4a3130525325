// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A channel's received data as the application reads it: {@code transferTo} hands each packet's
 * bytes to the target as they are, in order, after what {@code read} left of a packet, and frees
 * window only for what the target took; an array goes back for the connection's next packet only
 * once read to its end.
 */
@Timeout(10)
class ChannelInputTest {
    private final AtomicLong consumed = new AtomicLong();
    private final List<byte[]> finished = new CopyOnWriteArrayList<>();
    private final ChannelInput input = new ChannelInput(consumed::addAndGet, finished::add);

    @Test
    void transferToWritesEachPacketFromItsOwnArrayAfterWhatReadLeft() throws Exception {
        byte[] first = {1, 2, 3, 4, 5};
        byte[] second = {9, 6, 7, 8, 9};
        input.append(first, 0, 5);
        input.append(second, 1, 3);
        byte[] two = new byte[2];
        assertEquals(2, input.read(two, 0, 2));

        List<byte[]> arrays = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream target = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("one byte at a time");
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                // an array goes back for reuse only once the target has taken its bytes
                assertFalse(finished.stream().anyMatch(given -> given == data));
                arrays.add(data);
                bytes.write(data, offset, length);
                // the window re-opens only for what the target has taken
                assertEquals(2 + bytes.size() - length, consumed.get());
            }
        };
        CompletableFuture<Long> transfer = CompletableFuture.supplyAsync(() -> {
            try {
                return input.transferTo(target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // more data, which the transfer may be waiting for, then the end
        byte[] third = {10, 11};
        input.append(third, 0, 2);
        input.end();

        assertEquals(8, transfer.get(5, TimeUnit.SECONDS));
        assertArrayEquals(new byte[] {3, 4, 5, 6, 7, 8, 10, 11}, bytes.toByteArray());
        assertSame(first, arrays.get(0));
        assertSame(second, arrays.get(1));
        assertEquals(10, consumed.get());
        assertEquals(List.of(first, second, third), finished);
        assertEquals(-1, input.read());
    }

    @Test
    void readGivesAnArrayBackOnlyOnceItHasReadItToTheEnd() throws IOException {
        byte[] first = {1, 2, 3, 4};
        byte[] second = {5, 6};
        input.append(first, 1, 3);
        input.append(second, 0, 2);
        byte[] buffer = new byte[4];

        assertEquals(2, input.read(buffer, 0, 2));
        assertEquals(List.of(), finished);
        assertEquals(2, input.read(buffer, 0, 2));
        assertEquals(List.of(first), finished);
        assertEquals(1, input.read(buffer, 0, 4));
        assertEquals(List.of(first, second), finished);
        assertArrayEquals(new byte[] {6}, Arrays.copyOf(buffer, 1));
    }

    @Test
    void transferToEndsWithTheChannelsFailureOnceTheDataIsWritten() {
        input.append(new byte[] {1, 2, 3}, 0, 3);
        IOException cause = new IOException("connection reset");
        input.fail(cause);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        IOException thrown = assertThrows(IOException.class, () -> input.transferTo(bytes));
        assertSame(cause, thrown.getCause());
        assertArrayEquals(new byte[] {1, 2, 3}, bytes.toByteArray());
        assertEquals(3, consumed.get());
    }
}
