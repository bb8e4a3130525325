// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.AlgorithmFamily;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.internal.transport.AlgorithmOffer;
import org.amiko.core.internal.transport.EngineConfig;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.core.internal.transport.TransportEngine;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code zlib@openssh.com} switches on at one exact packet boundary in each direction (OpenSSH
 * PROTOCOL section 1.3; packet.c {@code ssh_packet_enable_delayed_compress}): the server compresses
 * everything it sends after {@code SSH_MSG_USERAUTH_SUCCESS}, the client decompresses everything it
 * reads after it. Two engines back to back in memory, without the threads of a real session, show
 * that the engine itself keeps that boundary: OpenSSH sends its {@code hostkeys-00@openssh.com}
 * request right behind the success, possibly in the same read, before any authentication layer on
 * another thread could react.
 */
class DelayedCompressionStartTest {

    /** One engine's surroundings: no authentication layer at all, the engine keeps the boundary alone. */
    private static final class Side implements TransportEngine.Host {
        final ByteArrayOutputStream outbox = new ByteArrayOutputStream();
        final List<Packet> delivered = new ArrayList<>();
        SshException terminated;
        TransportEngine engine;

        @Override
        public void output(byte[] bytes, int length) {
            outbox.write(bytes, 0, length);
        }

        @Override
        public void deliver(Packet packet) {
            delivered.add(packet);
        }

        @Override
        public void hostKeyReceived(String keyType, PublicKey key) {
            engine.hostKeyVerdict(true);
        }

        @Override
        public void keysEstablished(boolean first) {
        }

        @Override
        public void extInfoReceived(Map<String, byte[]> extensions) {
        }

        @Override
        public void terminated(SshException cause) {
            terminated = cause;
        }

        @Override
        public void compute(Runnable work) {
            work.run(); // in order, so that a pump sees the reply at once
        }

        @Override
        public void inputHeld() {
            throw new AssertionError("key-exchange work runs inline here, so input is never held");
        }

        @Override
        public void inputReleased() {
            throw new AssertionError("key-exchange work runs inline here, so input is never held");
        }

        /** Everything written so far, in one piece, as one read of the socket would see it. */
        ByteBuffer drain() {
            ByteBuffer bytes = ByteBuffer.wrap(outbox.toByteArray());
            outbox.reset();
            return bytes;
        }

        /** All of {@code input}, as a session feeds one read: the engine stops after each delivery. */
        void receive(ByteBuffer input) {
            do {
                engine.receive(input);
            } while (input.hasRemaining());
        }
    }

    private final Side client = new Side();
    private final Side server = new Side();

    private static AlgorithmOffer offer(AlgorithmCatalog catalog, List<String> compression) {
        return new AlgorithmOffer() {
            @Override
            public AlgorithmCatalog snapshot() {
                return catalog;
            }

            @Override
            public List<String> names(AlgorithmFamily family, AlgorithmCatalog snapshot) {
                return family == AlgorithmFamily.COMPRESSION ? compression : snapshot.defaultNames(family);
            }
        };
    }

    private void pump() {
        while (client.outbox.size() > 0 || server.outbox.size() > 0) {
            server.receive(client.drain());
            client.receive(server.drain());
        }
    }

    private void handshake() throws GeneralSecurityException {
        AlgorithmCatalog catalog = AlgorithmCatalog.fromServiceLoader();
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SecureRandom random = new SecureRandom();
        List<String> compression = List.of("zlib@openssh.com");
        client.engine = new TransportEngine(new EngineConfig(true, "Client", 256 * 1024, 1L << 30, Long.MAX_VALUE / 2,
                random, offer(catalog, compression), List::of), client);
        server.engine = new TransportEngine(new EngineConfig(false, "Server", 256 * 1024, 1L << 30,
                Long.MAX_VALUE / 2, random, offer(catalog, compression), () -> List.of(hostKey)), server);
        client.engine.start();
        server.engine.start();
        pump(); // key exchange, then the client's ssh-userauth request and the server's accept
        assertEquals("zlib@openssh.com", client.engine.suite().serverToClient().compressionName());
    }

    private static byte[] hostkeysRequest() {
        return new WireWriter(64).writeByte(SshMessage.GLOBAL_REQUEST).writeString("hostkeys-00@openssh.com")
                .writeBoolean(false).writeString(new byte[300]).toByteArray();
    }

    @Test
    void packetRightBehindUserauthSuccessIsReadDecompressed() throws GeneralSecurityException, IOException {
        handshake();
        client.engine.send(new WireWriter(64).writeByte(SshMessage.USERAUTH_REQUEST).writeString("user")
                .writeString("ssh-connection").writeString("none").toByteArray());
        pump();
        byte[] request = hostkeysRequest();
        server.engine.send(new byte[] {SshMessage.USERAUTH_SUCCESS});
        server.engine.send(request);
        client.receive(server.drain()); // both packets in one read

        assertNull(client.terminated, () -> "client failed: " + client.terminated);
        List<Integer> types = client.delivered.stream().map(Packet::type).toList();
        assertEquals(SshMessage.USERAUTH_SUCCESS, types.get(types.size() - 2));
        Packet last = client.delivered.get(client.delivered.size() - 1);
        assertArrayEquals(request, last.payload(), "the packet after USERAUTH_SUCCESS, decompressed");
    }

    @Test
    void clientCompressesFromTheMomentItReadsUserauthSuccess() throws GeneralSecurityException, IOException {
        handshake();
        client.engine.send(new WireWriter(64).writeByte(SshMessage.USERAUTH_REQUEST).writeString("user")
                .writeString("ssh-connection").writeString("none").toByteArray());
        pump();
        server.engine.send(new byte[] {SshMessage.USERAUTH_SUCCESS});
        client.receive(server.drain());
        byte[] open = new WireWriter(64).writeByte(SshMessage.CHANNEL_OPEN).writeString("session").writeUint32(0)
                .writeUint32(1 << 20).writeUint32(32 * 1024).toByteArray();
        client.engine.send(open);
        server.receive(client.drain());

        assertNull(server.terminated, () -> "server failed: " + server.terminated);
        Packet last = server.delivered.get(server.delivered.size() - 1);
        assertArrayEquals(open, last.payload(), "the client's first packet after the success, decompressed");
    }
}
