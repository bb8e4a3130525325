// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.amiko.DisconnectReason;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;
import org.junit.jupiter.api.Test;

/**
 * Channel data framed in place ({@link TransportEngine#sendFramed}) is sealed without the engine
 * lock while no key exchange holds our output; it still never goes out between our KEXINIT and
 * our NEWKEYS (RFC 4253 section 7.1), nor after the engine has stopped.
 */
class BulkSendTest {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();

    private static MemoryLink started() throws Exception {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, EnginePairTest.hostKeys());
        link.start();
        assertNull(link.server.terminated, () -> "server: " + link.server.terminated);
        return link;
    }

    /** {@code payload} at the offset where the frame goes around it, with the room the frame needs. */
    private static byte[] framedBuffer(byte[] payload) {
        byte[] buffer = new byte[TransportEngine.FRAME_HEADROOM + payload.length + TransportEngine.FRAME_TAILROOM];
        System.arraycopy(payload, 0, buffer, TransportEngine.FRAME_HEADROOM, payload.length);
        return buffer;
    }

    /** A CHANNEL_DATA payload of {@code size} bytes, its content chosen by {@code seed}. */
    private static byte[] channelData(long seed, int size) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        payload[0] = (byte) SshMessage.CHANNEL_DATA;
        return payload;
    }

    @Test
    void bulkDataWaitsForOurNewKeysDuringAKeyExchange() throws Exception {
        MemoryLink link = started();
        byte[] before = channelData(1, 32 * 1024);
        byte[] during = channelData(2, 32 * 1024);
        byte[] after = channelData(3, 32 * 1024);
        int delivered = link.client.delivered.size();

        link.server.engine.sendFramed(framedBuffer(before), before.length);
        assertEquals(1, link.server.outbox.size(), "with no exchange running, the packet goes out at once");
        link.server.engine.requestRekey();
        assertEquals(2, link.server.outbox.size(), "our KEXINIT follows it");
        link.server.engine.sendFramed(framedBuffer(during), during.length);
        assertEquals(2, link.server.outbox.size(), "data after our KEXINIT waits for our NEWKEYS");

        link.pump();
        assertEquals(2, link.server.engine.completedExchanges());
        link.server.engine.sendFramed(framedBuffer(after), after.length);
        assertEquals(1, link.server.outbox.size(), "after the exchange, the bulk path is open again");
        link.pump();
        assertNull(link.client.terminated, () -> "client: " + link.client.terminated);
        List<byte[]> received = link.client.delivered.subList(delivered, link.client.delivered.size()).stream()
                .map(Packet::payload).toList();
        assertEquals(3, received.size());
        assertArrayEquals(before, received.get(0));
        assertArrayEquals(during, received.get(1));
        assertArrayEquals(after, received.get(2));
    }

    @Test
    void bulkDataAfterTheEndIsRefused() throws Exception {
        MemoryLink link = started();
        link.server.engine.disconnect(DisconnectReason.BY_APPLICATION, "done");
        int sent = link.server.outbox.size();
        byte[] late = channelData(4, 1024);
        assertThrows(SshException.class, () -> link.server.engine.sendFramed(framedBuffer(late), late.length));
        assertEquals(sent, link.server.outbox.size(), "nothing follows our DISCONNECT");
    }
}
