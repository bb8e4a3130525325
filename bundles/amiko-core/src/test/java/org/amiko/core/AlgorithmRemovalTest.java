// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.HostKeyVerifier;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live session whose cipher's plug-in leaves, under each {@link RemovalPolicy}: re-keyed onto
 * what remains without losing or repeating a byte of a running transfer, kept, or disconnected
 * with a reason naming the algorithm.
 */
class AlgorithmRemovalTest {
    private static final AlgorithmCatalog FULL = AlgorithmCatalog.fromServiceLoader();
    private final AtomicReference<AlgorithmCatalog> installed = new AtomicReference<>(FULL);
    private final AlgorithmPolicy policy = new AlgorithmPolicy();
    private KeyPair hostKey;
    private SshServer server;

    /** The catalog as if the bundle providing {@code name} had stopped. */
    private static AlgorithmCatalog without(String name) {
        AlgorithmCatalog.Builder builder = AlgorithmCatalog.builder();
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            for (AlgorithmCatalog.Entry entry : FULL.entries(family)) {
                if (!entry.name().equals(name) && entry.implementation() != null) {
                    builder.add(entry);
                }
            }
        }
        return builder.build();
    }

    @BeforeEach
    void start() throws Exception {
        hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .catalog(installed::get).algorithms(policy).server(t -> EchoServer.anyone()).start();
    }

    @AfterEach
    void stop() {
        server.closeAll();
    }

    private Transport client(List<String> ciphers) throws IOException {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        client.getSecurityOptions().setCiphers(ciphers);
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authNone("op");
        return client;
    }

    private SshTransport serverSide() {
        return (SshTransport) server.transports().get(0);
    }

    private String serverCipher() {
        return serverSide().session().engine().suite().clientToServer().cipherName();
    }

    @Test
    void rekeyMovesARunningTransferOntoWhatRemainsWithoutLosingAByte() throws Exception {
        try (Transport client = client(List.of("aes128-ctr", "aes256-ctr"))) {
            assertEquals("aes128-ctr", serverCipher());
            Channel channel = client.openSession();
            channel.exec("echo");
            byte[] data = new byte[6 * 1024 * 1024];
            new Random(7).nextBytes(data);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try (OutputStream out = channel.getOutputStream()) {
                    for (int offset = 0; offset < data.length; offset += 64 * 1024) {
                        out.write(data, offset, Math.min(64 * 1024, data.length - offset));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            InputStream in = channel.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            int count;
            boolean removed = false;
            while ((count = in.read(buffer)) >= 0) {
                back.write(buffer, 0, count);
                if (!removed && back.size() > data.length / 4) {
                    // mid-transfer: aes128-ctr's plug-in goes away
                    installed.set(without("aes128-ctr"));
                    assertEquals(1, server.reconcile(RemovalPolicy.REKEY));
                    removed = true;
                }
            }
            sending.get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, back.toByteArray());
            assertEquals(0, channel.recvExitStatus());
            assertEquals("aes256-ctr", serverCipher());
            assertTrue(serverSide().session().engine().completedExchanges() >= 2);
        }
    }

    @Test
    void rekeyWithNothingLeftInCommonDisconnectsNamingTheAlgorithm() throws Exception {
        try (Transport client = client(List.of("aes128-ctr"))) {
            SshTransport onServer = serverSide();
            installed.set(without("aes128-ctr"));
            assertEquals(1, server.reconcile(RemovalPolicy.REKEY));
            SshException cause = onServer.session().closed().get(10, TimeUnit.SECONDS);
            DisconnectException disconnect = (DisconnectException) cause;
            assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, disconnect.getReason());
            assertTrue(disconnect.getDescription().startsWith("cipher aes128-ctr is no longer available"),
                    disconnect.getDescription());
            assertThrows(SshException.class, () -> client.openSession());
        }
    }

    @Test
    void keepLeavesTheSessionOnItsAlgorithmUntilTheNextExchange() throws Exception {
        try (Transport client = client(List.of("aes128-ctr", "aes256-ctr"))) {
            installed.set(without("aes128-ctr"));
            assertEquals(0, server.reconcile(RemovalPolicy.KEEP));
            assertEquals("aes128-ctr", serverCipher());
            client.renegotiateKeys();
            // a round trip after our NEWKEYS: the server has processed it when the answer comes
            client.globalRequest("sync@test", new byte[0]);
            assertEquals("aes256-ctr", serverCipher());
        }
    }

    @Test
    void disconnectEndsTheSessionNamingTheAlgorithm() throws Exception {
        try (Transport client = client(List.of("aes128-ctr", "aes256-ctr"))) {
            SshTransport onServer = serverSide();
            installed.set(without("aes128-ctr"));
            assertEquals(1, server.reconcile(RemovalPolicy.DISCONNECT));
            DisconnectException cause = (DisconnectException) onServer.session().closed().get(10, TimeUnit.SECONDS);
            assertEquals(DisconnectReason.BY_APPLICATION, cause.getReason());
            assertTrue(cause.getDescription().contains("aes128-ctr"), cause.getDescription());
            assertFalse(onServer.isActive());
        }
    }

    /** The same policies apply when the configuration, not a plug-in, withdraws an algorithm. */
    @Test
    void aPolicyChangeReKeysSessionsOffTheDroppedAlgorithm() throws Exception {
        try (Transport client = client(List.of("aes128-ctr", "aes256-ctr"))) {
            assertEquals("aes128-ctr", serverCipher());
            policy.set(AlgorithmFamily.CIPHER, "-aes128-ctr");
            assertEquals(1, server.reconcile(RemovalPolicy.REKEY));
            client.globalRequest("sync@test", new byte[0]);
            // the re-exchange runs while the request travels; wait for its end on the client
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"aes256-ctr".equals(serverCipher()) && System.nanoTime() < deadline) {
                client.globalRequest("sync@test", new byte[0]);
            }
            assertEquals("aes256-ctr", serverCipher());
        }
    }

    @Test
    void sessionsOnOtherAlgorithmsAreUntouched() throws Exception {
        try (Transport client = client(List.of("aes256-ctr"))) {
            installed.set(without("aes128-ctr"));
            assertEquals(0, server.reconcile(RemovalPolicy.DISCONNECT));
            assertTrue(client.isActive());
        }
    }
}
