// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.locks.LockSupport;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.Test;

/**
 * Connections that end leave nothing in the shared timer: neither their once-a-second ticker nor
 * the server's login deadline (which, left until it fires, would hold each closed session for the
 * whole login grace time).
 */
class TimerRetentionTest {

    @Test
    void closedConnectionsLeaveNoTimerTasks() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) Workers.timer();
        int before = timer.getQueue().size();
        TransportSettings settings = TransportSettings.builder().loginGraceTime(Duration.ofHours(1)).build();
        try (SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .settings(settings).hostKeys(List.of(hostKey)).server(t -> new ServerInterface() {
                    @Override
                    public AuthResult checkAuthPassword(String user, String password) {
                        return "secret".equals(password) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }
                }).start()) {
            int connections = 10;
            for (int i = 0; i < connections; i++) {
                try (Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
                    client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
                    assertEquals(List.of(), client.authPassword("alice", "secret"));
                }
            }
            // health checks: connect and close at once, so the server may read the end of the
            // stream before its session has finished starting
            for (int i = 0; i < 50; i++) {
                new Socket(InetAddress.getLoopbackAddress(), server.address().getPort()).close();
            }
            // the server side of each connection ends once it reads the client's disconnect;
            // bounded wait for that, then the queue must be as it was
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (timer.getQueue().size() > before && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            assertTrue(timer.getQueue().size() <= before,
                    "timer tasks left after " + connections + " closed connections: " + timer.getQueue().size()
                            + " (before: " + before + ")");
        }
    }
}
