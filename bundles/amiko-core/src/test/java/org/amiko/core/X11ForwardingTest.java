// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.ChannelHandler;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.server.X11Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** X11 forwarding's messages (RFC 4254 section 6.3): {@code x11-req} and the {@code x11} channels. */
@Timeout(30)
class X11ForwardingTest {
    private final CompletableFuture<X11Request> asked = new CompletableFuture<>();

    /** Lets anyone in and grants X11 forwarding, keeping what was asked. */
    private ServerInterface granting() {
        return new ServerInterface() {
            @Override
            public AuthResult checkAuthNone(String username) {
                return AuthResult.SUCCESSFUL;
            }

            @Override
            public OpenChannelResult checkChannelRequest(String type, int channelId) {
                return OpenChannelResult.SUCCEEDED;
            }

            @Override
            public boolean checkChannelX11Request(Channel channel, X11Request request) {
                return asked.complete(request);
            }
        };
    }

    @Test
    void theServerLearnsTheRequestAndItsChannelsReachTheClientWithTheirOrigin() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).server(t -> granting()).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            CompletableFuture<byte[]> origin = new CompletableFuture<>();
            client.setChannelOpenHandler(Channel.X11_CHANNEL, (type, data) -> {
                origin.complete(data);
                ChannelHandler greet = channel -> channel.send("display".getBytes(StandardCharsets.US_ASCII));
                return CompletableFuture.completedStage(greet);
            });
            Channel session = client.openSession();
            assertTrue(session.requestX11(true, "MIT-MAGIC-COOKIE-1", "00112233445566778899aabbccddeeff", 2));
            X11Request request = asked.get(10, TimeUnit.SECONDS);
            assertEquals(new X11Request(true, "MIT-MAGIC-COOKIE-1", "00112233445566778899aabbccddeeff", 2), request);
            assertFalse(request.toString().contains("0011"), "the cookie stays out of logs");

            Channel x11 = server.transports().get(0).openX11Channel(new InetSocketAddress("127.0.0.1", 40001));
            assertArrayEquals("display".getBytes(StandardCharsets.US_ASCII), x11.getInputStream().readAllBytes());
            ByteBuffer expected = ByteBuffer.allocate(4 + 9 + 4).putInt(9).put("127.0.0.1".getBytes()).putInt(40001);
            assertArrayEquals(expected.array(), origin.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aServerThatSaysNothingRefusesIt() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            assertFalse(client.openSession().requestX11(false, "MIT-MAGIC-COOKIE-1", "00", 0));
        }
    }
}
