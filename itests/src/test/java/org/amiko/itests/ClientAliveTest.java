// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.Transport;
import org.amiko.core.SshServer;
import org.amiko.core.internal.SshTransport;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's keepalive (sshd's ClientAliveInterval, the appliance's clientAliveInterval): a
 * logged-in OpenSSH client that stops answering (SIGSTOP, as a laptop lid closing or a NAT
 * forgetting the connection) is let go after three unanswered questions, not held for good.
 */
@Timeout(60)
class ClientAliveTest {
    @TempDir
    Path directory;

    @Test
    void aClientThatStopsAnsweringIsDisconnected() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH) && PeerProcess.available("/bin/kill"), "ssh not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(TestServer.hostKeys()).server(transport -> {
                    transport.setKeepalive(Duration.ofSeconds(1));
                    return new GreetingServer(transport) {
                        @Override
                        public AuthResult checkAuthPublickey(String username, PublicKey key) {
                            return key.equals(user.getPublic()) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                        }
                    };
                }).start();
        OpenSshClient ssh = new OpenSshClient(directory, server.address().getPort(), TestServer.hostKeys());
        try (WatchedProcess client = WatchedProcess.start(ssh.forwarding(ssh.identity("id_alive", user), List.of()))) {
            client.awaitStderr(Pattern.compile("Authenticated to"), Duration.ofSeconds(20));
            Transport served = server.transports().get(0);
            // a running client is asked and answers (ssh -v says so), and stays connected
            client.awaitStderr(Pattern.compile("client_input_global_request: rtype keepalive@openssh.com"),
                    Duration.ofSeconds(20));
            assertTrue(served.isActive());
            assertEquals(0, PeerProcess.run(List.of("/bin/kill", "-STOP", Long.toString(client.pid())),
                    Duration.ofSeconds(10)).exitCode());
            try {
                served.whenClosed().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } finally {
                PeerProcess.run(List.of("/bin/kill", "-CONT", Long.toString(client.pid())), Duration.ofSeconds(10));
            }
            DisconnectException cause = assertInstanceOf(DisconnectException.class,
                    ((SshTransport) served).session().engine().terminationCause());
            assertEquals(DisconnectReason.CONNECTION_LOST, cause.getReason());
            assertTrue(cause.getMessage().contains("keepalives"), cause.getMessage());
        } finally {
            server.closeAll();
        }
    }
}
