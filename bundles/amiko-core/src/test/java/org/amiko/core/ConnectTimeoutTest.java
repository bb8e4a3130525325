// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TransportSettings#connectTimeout()}: a server that takes the connection, or an
 * authentication request, and says nothing does not hold the client for ever, and the time a host
 * key verifier takes (someone asked) is not the server's.
 */
@Timeout(60)
class ConnectTimeoutTest {

    @Test
    void aServerThatSaysNothingEndsTheHandshakeAtTheTimeout() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            TransportSettings settings = TransportSettings.builder().connectTimeout(Duration.ofMillis(500)).build();
            KeyPair anyKey = EchoServers.hostKey();
            try (Transport client = Amiko.connect((InetSocketAddress) silent.getLocalAddress(), settings,
                    Amiko::defaultCatalog); SocketChannel accepted = silent.accept()) {
                IOException refused = assertThrows(IOException.class,
                        () -> client.startClient(HostKeyVerifier.exactly(anyKey.getPublic())));
                assertTrue(refused.getMessage().contains("the server did not send its identification and host key "
                        + "within 500 ms"), refused.getMessage());
                // the client hung up: after its identification line, the silent server reads the end
                ByteBuffer read = ByteBuffer.allocate(64 * 1024);
                while (accepted.read(read) >= 0) {
                    read.clear();
                }
            }
        }
    }

    /**
     * A server that sends its host key and then never finishes the key exchange: the second
     * deadline, from the verifier's verdict, ends it. A relay between the two drops the server's
     * NEWKEYS (message 21) and everything after it.
     */
    @Test
    void aServerThatStopsAfterItsHostKeyEndsAtTheSecondDeadline() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        TransportSettings settings = TransportSettings.builder().connectTimeout(Duration.ofSeconds(1)).build();
        try (SshServer server = EchoServers.builder(hostKey).start();
                ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread relaying = new Thread(() -> relayUntilNewKeys(relay, server.address().getPort()));
            relaying.setDaemon(true);
            relaying.start();
            try (Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", relay.getLocalPort()), settings,
                    Amiko::defaultCatalog)) {
                IOException stalled = assertThrows(IOException.class,
                        () -> client.startClient(HostKeyVerifier.exactly(hostKey.getPublic())));
                assertTrue(stalled.getMessage().contains("the server did not finish the key exchange within 1 s"),
                        stalled.getMessage());
            }
        }
    }

    /** Relays one connection, the server's side until its NEWKEYS, which it holds back for good. */
    private static void relayUntilNewKeys(ServerSocket relay, int serverPort) {
        try (Socket client = relay.accept(); Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
            Thread up = new Thread(() -> {
                try {
                    client.getInputStream().transferTo(server.getOutputStream());
                } catch (IOException e) {
                    // either side closed
                }
            });
            up.setDaemon(true);
            up.start();
            DataInputStream fromServer = new DataInputStream(server.getInputStream());
            OutputStream toClient = client.getOutputStream();
            int c;
            while ((c = fromServer.read()) >= 0) { // the identification line
                toClient.write(c);
                if (c == '\n') {
                    break;
                }
            }
            while (true) {
                int length = fromServer.readInt();
                byte[] packet = new byte[length];
                fromServer.readFully(packet);
                if (packet[1] == 21) {
                    break;
                }
                toClient.write(ByteBuffer.allocate(4).putInt(length).array());
                toClient.write(packet);
            }
            // hold the connection open, saying nothing, until the client hangs up
            up.join();
        } catch (IOException e) {
            // the client hung up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A server that takes an authentication request and says nothing is given up on too (paramiko's auth_timeout). */
    @Test
    void aServerThatDoesNotAnswerAnAuthenticationRequestIsGivenUpOn() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        CountDownLatch release = new CountDownLatch(1);
        TransportSettings settings = TransportSettings.builder().connectTimeout(Duration.ofSeconds(1)).build();
        try (SshServer server = EchoServers.builder(hostKey).server(transport -> new ServerInterface() {
            @Override
            public AuthResult checkAuthPassword(String username, String password) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AuthResult.FAILED;
            }
        }).start();
                Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                        settings, Amiko::defaultCatalog)) {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            DisconnectException silent = assertThrows(DisconnectException.class,
                    () -> client.authPassword("alice", "secret"));
            assertEquals("the server did not answer the authentication request within 1 s", silent.getDescription());
            assertEquals(DisconnectReason.BY_APPLICATION, silent.getReason());
            assertTrue(silent.isLocal(), "this side gave up");
            assertTrue(!client.isActive(), "the connection is ended");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTimeoutIsNoneOrFromAMillisecondToWhatASocketHolds() {
        assertEquals(Duration.ZERO, TransportSettings.builder().connectTimeout(Duration.ZERO).build().connectTimeout());
        for (Duration bad : new Duration[] {Duration.ofNanos(1), Duration.ofMillis(-1), Duration.ofDays(30),
            Duration.ofMillis(Integer.MAX_VALUE + 1L)}) {
            assertThrows(IllegalArgumentException.class, () -> TransportSettings.builder().connectTimeout(bad).build(),
                    bad.toString());
        }
    }

    @Test
    void theVerifiersTimeIsNotTheServers() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        // long enough for a cold key exchange on a loaded machine; the verifier takes longer still
        TransportSettings settings = TransportSettings.builder().connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (SshServer server = EchoServers.builder(hostKey).start();
                Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                        settings, Amiko::defaultCatalog)) {
            CountDownLatch answered = new CountDownLatch(1);
            HostKeyVerifier slow = (peer, type, key) -> {
                // someone takes longer than the timeout to answer
                later.schedule(answered::countDown, 6, TimeUnit.SECONDS);
                try {
                    answered.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return key.equals(hostKey.getPublic());
            };
            client.startClient(slow);
            assertEquals(hostKey.getPublic(), client.getRemoteServerKey());
        } finally {
            later.shutdownNow();
        }
    }
}
