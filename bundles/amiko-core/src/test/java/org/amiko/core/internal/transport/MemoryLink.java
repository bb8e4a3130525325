// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.amiko.AlgorithmFamily;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;

/**
 * Two transport engines wired back to back in memory, with no socket and no thread: the sans-I/O
 * design lets a test drive a whole handshake deterministically by pumping bytes until both sides
 * are quiet.
 */
final class MemoryLink {
    /** One side's surroundings: what it sent, what it delivered upwards, how it ended. */
    static final class Side implements TransportEngine.Host {
        final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        final List<Packet> delivered = new ArrayList<>();
        PublicKey offeredHostKey;
        SshException terminated;
        int establishedCount;
        TransportEngine engine;

        @Override
        public void output(byte[] bytes, int length) {
            outbox.add(Arrays.copyOf(bytes, length));
        }

        @Override
        public void deliver(Packet packet) {
            delivered.add(packet);
        }

        @Override
        public void hostKeyReceived(String keyType, PublicKey key) {
            offeredHostKey = key;
        }

        @Override
        public void keysEstablished(boolean first) {
            establishedCount++;
        }

        /** The peer's EXT_INFO messages, in order. */
        final List<Map<String, byte[]>> extInfos = new ArrayList<>();

        @Override
        public void extInfoReceived(Map<String, byte[]> extensions) {
            extInfos.add(extensions);
        }

        @Override
        public void terminated(SshException cause) {
            terminated = cause;
        }

        /** When set, key-exchange work is kept here for the test to run, as a worker would later. */
        List<Runnable> deferredWork;

        @Override
        public void compute(Runnable work) {
            if (deferredWork != null) {
                deferredWork.add(work);
            } else {
                work.run(); // in order, so that a pump sees the reply at once
            }
        }

        /** Whether the engine holds its input; what it left unread waits in {@link #unread}. */
        boolean holding;
        ByteBuffer unread;

        @Override
        public void inputHeld() {
            holding = true;
        }

        @Override
        public void inputReleased() {
            holding = false;
        }
    }

    final Side client = new Side();
    final Side server = new Side();

    /**
     * @param clientNames what the client offers per family (null: the catalog's defaults)
     * @param serverNames the same for the server
     */
    MemoryLink(AlgorithmCatalog catalog, Function<AlgorithmFamily, List<String>> clientNames,
            Function<AlgorithmFamily, List<String>> serverNames, List<KeyPair> hostKeys) {
        SecureRandom random = new SecureRandom();
        AlgorithmOffer serverOffer = offer(catalog, serverNames);
        AlgorithmOffer clientOffer = offer(catalog, clientNames);
        client.engine = new TransportEngine(new EngineConfig(true, "MemoryClient", 256 * 1024, 1L << 30,
                Long.MAX_VALUE / 2, random, clientOffer, List::of), client);
        server.engine = new TransportEngine(new EngineConfig(false, "MemoryServer", 256 * 1024, 1L << 30,
                Long.MAX_VALUE / 2, random, serverOffer, () -> hostKeys), server);
    }

    private static AlgorithmOffer offer(AlgorithmCatalog catalog, Function<AlgorithmFamily, List<String>> names) {
        return new AlgorithmOffer() {
            @Override
            public AlgorithmCatalog snapshot() {
                return catalog;
            }

            @Override
            public List<String> names(AlgorithmFamily family, AlgorithmCatalog snapshot) {
                List<String> chosen = names.apply(family);
                return chosen == null ? snapshot.defaultNames(family) : chosen;
            }
        };
    }

    void start() {
        client.engine.start();
        server.engine.start();
        pump();
    }

    /**
     * {@code bytes} to {@code side}, as a session feeds a read: the engine stops after each delivery,
     * and reads nothing while it holds its input; the rest waits in {@link Side#unread}.
     */
    static void feed(Side side, byte[] bytes) {
        ByteBuffer input = ByteBuffer.wrap(bytes);
        if (side.unread != null) {
            input = ByteBuffer.allocate(side.unread.remaining() + bytes.length).put(side.unread).put(bytes).flip();
            side.unread = null;
        }
        int left;
        do {
            left = input.remaining();
            side.engine.receive(input);
        } while (input.hasRemaining() && input.remaining() < left);
        if (input.hasRemaining()) {
            if (!side.holding) {
                throw new AssertionError("the engine left input unread without holding it");
            }
            side.unread = input;
        }
    }

    /** Moves bytes both ways until neither side has anything to send; answers host-key questions. */
    void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!client.outbox.isEmpty()) {
                feed(server, client.outbox.poll());
                moved = true;
            }
            while (!server.outbox.isEmpty()) {
                feed(client, server.outbox.poll());
                moved = true;
            }
            for (Side side : List.of(client, server)) {
                if (!side.holding && side.unread != null) {
                    feed(side, new byte[0]);
                    moved = true;
                }
            }
            if (client.offeredHostKey != null) {
                client.offeredHostKey = null;
                client.engine.hostKeyVerdict(true);
                moved = true;
            }
        }
    }
}
