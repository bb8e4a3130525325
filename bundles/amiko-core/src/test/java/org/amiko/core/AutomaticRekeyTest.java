// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.Test;

/** Key re-exchange started by the engine itself: after so many bytes, and after so much time (RFC 4253 section 9). */
class AutomaticRekeyTest {

    private static SshServer server(TransportSettings settings, KeyPair hostKey) throws Exception {
        return SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .settings(settings).server(t -> EchoServer.anyone()).start();
    }

    private static int serverExchanges(SshServer server) {
        return ((SshTransport) server.transports().get(0)).session().engine().completedExchanges();
    }

    @Test
    void serverRekeysAfterItsByteLimitWithoutLosingAByte() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TransportSettings settings = TransportSettings.builder().rekeyBytes(256 * 1024).build();
        try (SshServer server = server(settings, hostKey);
                Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authNone("anyone");
            Channel channel = client.openSession();
            channel.exec("echo");
            byte[] data = new byte[8 * 1024 * 1024];
            new Random(1).nextBytes(data);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try (OutputStream out = channel.getOutputStream()) {
                    out.write(data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] back = channel.getInputStream().readAllBytes();
            sent.get(30, TimeUnit.SECONDS);
            assertTrue(Arrays.equals(data, back), "echoed data differs");
            // 16 MiB crossed the wire against a 256 KiB limit. How many exchanges that takes depends
            // on how much the peer still sends while each one runs (up to what the socket buffers
            // hold), so the count is only bounded below: the limit must have struck repeatedly
            assertTrue(serverExchanges(server) >= 3, "exchanges: " + serverExchanges(server));
        }
    }

    /**
     * A writer whose own packet starts a re-exchange sends our KEXINIT before it waits for the
     * exchange. It was left queued: with a peer that had nothing to say (it only reads), the writer
     * waited for the once-a-second timer to flush it, at every re-exchange.
     */
    @Test
    void aRekeyStartedByTheWritersOwnPacketDoesNotWaitForTheTimer() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        CompletableFuture<Long> drained = new CompletableFuture<>();
        try (SshServer server = EchoServers.builder(hostKey).subsystem("sink", (name, transport, channel) -> {
            drained.complete(channel.getInputStream().transferTo(OutputStream.nullOutputStream()));
            channel.sendExitStatus(0);
        }).start();
                Transport client = EchoServers.loggedIn(server, hostKey,
                        TransportSettings.builder().rekeyBytes(64 * 1024).build())) {
            Channel channel = client.openSession();
            channel.invokeSubsystem("sink");
            byte[] data = new byte[8 * 1024 * 1024];
            // dozens of re-exchanges; waiting for the timer, each took up to a second (4 MiB took 14 s)
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (OutputStream out = channel.getOutputStream()) {
                    out.write(data);
                }
                assertEquals(data.length, drained.get());
            });
            // each exchange starts at the limit, and lets through what the channel window (2 MiB)
            // allows between our NEWKEYS and the peer's, when new keys already carry data but the
            // limit is not checked until the exchange is over: the slower the machine, the more.
            // Idle here that is some 80 exchanges, 50 under load, and once 12; at least 4 always.
            int exchanges = ((SshTransport) client).session().engine().completedExchanges();
            assertTrue(exchanges >= 4, "exchanges: " + exchanges);
        }
    }

    /** A download: the server only writes, the client only adjusts windows; the server's limit still strikes. */
    @Test
    void serverRekeysAfterItsByteLimitOnADownload() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        int size = 8 * 1024 * 1024;
        try (SshServer server = EchoServers.builder(hostKey)
                .settings(TransportSettings.builder().rekeyBytes(1024 * 1024).build())
                .subsystem("source", (name, transport, channel) -> {
                    try (OutputStream out = channel.getOutputStream()) {
                        out.write(new byte[size]);
                    }
                    channel.sendExitStatus(0);
                }).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            Channel channel = client.openSession();
            channel.invokeSubsystem("source");
            assertEquals(size, channel.getInputStream().readAllBytes().length);
            assertTrue(serverExchanges(server) >= 4, "exchanges: " + serverExchanges(server));
        }
    }

    @Test
    void rekeyAfterTheTimeLimit() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TransportSettings settings = TransportSettings.builder().rekeyInterval(Duration.ofSeconds(1)).build();
        try (SshServer server = server(settings, hostKey);
                Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authNone("anyone");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            // the server's timer checks once a second; wait for it to have re-keyed twice
            while (serverExchanges(server) < 3 && System.nanoTime() < deadline) {
                client.globalRequest("ping@test", new byte[0]);
                Thread.sleep(100);
            }
            assertTrue(serverExchanges(server) >= 3, "exchanges: " + serverExchanges(server));
            assertTrue(client.isActive());
        }
    }
}
