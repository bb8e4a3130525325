// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sshd's UnusedConnectionTimeout ({@link Transport#setUnusedConnectionTimeout}): a logged-in
 * connection without a channel is ended once the timeout has passed, counted from login, and
 * again from the close of its last channel; an open channel keeps it.
 */
@Timeout(60)
class UnusedConnectionTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private KeyPair hostKey;
    private SshServer server;

    @BeforeEach
    void start() throws Exception {
        hostKey = EchoServers.hostKey();
        server = EchoServers.builder(hostKey).configure(transport -> transport.setUnusedConnectionTimeout(TIMEOUT))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConnectionThatNeverOpensAChannelIsEnded() throws Exception {
        try (LogRecorder log = LogRecorder.start("org.amiko.core");
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            long started = System.nanoTime();
            client.whenClosed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - started >= TIMEOUT.toNanos() / 2, "not before the timeout");
            assertTrue(log.messages(Level.INFO).stream().anyMatch(line -> line.startsWith("terminating inactive connection from")),
                    log.messages(Level.INFO).toString());
        }
    }

    @Test
    void anOpenChannelKeepsTheConnectionAndItsCloseStartsTheCount() throws Exception {
        try (Transport client = EchoServers.loggedIn(server, hostKey)) {
            Channel session = client.openSession();
            // three times the timeout with the channel open: the connection stays
            long until = System.nanoTime() + 3 * TIMEOUT.toNanos();
            while (System.nanoTime() < until) {
                assertTrue(client.isActive(), "ended though a channel is open");
                TimeUnit.MILLISECONDS.sleep(50);
            }
            session.close();
            client.whenClosed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertFalse(client.isActive());
        }
    }

    @Test
    void theTimeoutIsNeverNegative() throws Exception {
        try (Transport client = EchoServers.loggedIn(server, hostKey)) {
            assertThrows(IllegalArgumentException.class, () -> client.setUnusedConnectionTimeout(Duration.ofSeconds(-1)));
        }
    }
}
