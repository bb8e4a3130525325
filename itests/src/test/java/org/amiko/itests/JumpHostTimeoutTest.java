// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.amiko.ChannelHandler;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.TcpipAddresses;
import org.amiko.client.JumpHost;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connect timeout bounds the open of a jump host's channel too, as ssh's ConnectTimeout
 * bounds the wait for the target's greeting through a ProxyJump: a jump host that takes the
 * open and never answers (its own connect to the target hanging) is given up on, and the jump
 * connection goes on.
 */
@Timeout(60)
class JumpHostTimeoutTest {
    @Test
    void aJumpHostThatNeverAnswersTheOpenIsGivenUpOnAtTheTimeout() throws Exception {
        KeyPair hostKey = KeyPairs.generate("ssh-ed25519");
        BlockingQueue<CompletableFuture<ChannelHandler>> unanswered = new LinkedBlockingQueue<>();
        try (SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(List.of(hostKey)).server(transport -> {
                    transport.setChannelOpenHandler(TcpipAddresses.DIRECT_TCPIP, (type, data) -> {
                        CompletableFuture<ChannelHandler> answer = new CompletableFuture<>();
                        unanswered.add(answer);
                        return answer;
                    });
                    return new ServerInterface() {
                        @Override
                        public AuthResult checkAuthNone(String username) {
                            return AuthResult.SUCCESSFUL;
                        }
                    };
                }).start();
                Transport jump = Amiko.connect("127.0.0.1", server.address().getPort())) {
            jump.startClient((peer, type, key) -> key.equals(hostKey.getPublic()));
            jump.authNone("me");
            TransportSettings settings = TransportSettings.builder().connectTimeout(Duration.ofSeconds(1)).build();

            SshException late = assertThrows(SshException.class,
                    () -> JumpHost.connect(jump, "db.internal", 22, settings, Amiko::defaultCatalog));
            assertEquals("the jump host did not open a channel to db.internal:22 within 1 s", late.getMessage());
            assertTrue(jump.isActive(), "the jump connection goes on");

            // an open answered after all is closed at once, not left to the caller who gave up
            CompletableFuture<ChannelHandler> answer = unanswered.poll(10, TimeUnit.SECONDS);
            CompletableFuture<Integer> endedByTheClient = new CompletableFuture<>();
            // the server's end reads until the client's end closes: only then is this done
            answer.complete(channel -> endedByTheClient.complete(channel.getInputStream().readAllBytes().length));
            assertEquals(0, endedByTheClient.get(10, TimeUnit.SECONDS));

            // a refusal within the time is the refusal
            CompletableFuture<Void> refusing = CompletableFuture.runAsync(() -> {
                try {
                    unanswered.poll(10, TimeUnit.SECONDS).completeExceptionally(
                            new ChannelOpenException(OpenChannelResult.CONNECT_FAILED, "Connection refused"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> JumpHost.connect(jump, "db.internal", 22, TransportSettings.builder()
                            .connectTimeout(Duration.ofSeconds(30)).build(), Amiko::defaultCatalog));
            assertEquals(OpenChannelResult.CONNECT_FAILED, refused.getReason());
            refusing.get(10, TimeUnit.SECONDS);
        }
    }
}
