// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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

/**
 * Nothing follows a channel's CLOSE (RFC 4254 section 5.3). The reader of a channel adjusts the
 * window while the service thread answers the peer's CLOSE; when the adjustment went out after
 * our CLOSE, the peer, which forgets a channel once both CLOSEs are exchanged, disconnected with
 * "message for unknown channel". That lost about one echo in ten here, so the test repeats one:
 * it cannot fail while the order holds, and fails with near certainty when it does not.
 */
class ChannelCloseOrderTest {

    @Test
    void noWindowAdjustmentOrDataFollowsClose() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        // re-keying every 256 KiB varies the timing of each round, as in the run that found it
        TransportSettings settings = TransportSettings.builder().rekeyBytes(256 * 1024).build();
        try (SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(List.of(hostKey)).settings(settings).server(t -> EchoServer.anyone()).start()) {
            byte[] data = new byte[2 * 1024 * 1024];
            new Random(1).nextBytes(data);
            for (int round = 0; round < 20; round++) {
                try (Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
                    client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
                    client.authNone("anyone");
                    Channel channel = client.openSession();
                    channel.exec("echo");
                    SshTransport served = (SshTransport) server.transports().get(0);
                    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                        try (OutputStream out = channel.getOutputStream()) {
                            out.write(data);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    assertArrayEquals(data, channel.getInputStream().readAllBytes(), "round " + round);
                    sent.get(30, TimeUnit.SECONDS);
                    // a round trip after the channel's end: the server has read whatever we sent
                    client.globalRequest("ping@test", new byte[0]);
                    assertNull(served.session().engine().terminationCause(), "round " + round);
                }
                // the server lets go of this round's connection after the close: until it has, the
                // next round's transports().get(0) could be this one, ended by our close
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!server.transports().isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "round " + round + "'s connection still held");
                    Thread.onSpinWait();
                }
            }
        }
    }
}
