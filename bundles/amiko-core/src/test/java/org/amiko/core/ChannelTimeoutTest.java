// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ChannelTimeout, as sshd's and ssh's: a channel that carries data stays open past its timeout,
 * one that carries none is closed (by the server or by the client, whichever set it), and the
 * global timeout closes every channel once none has carried data for it.
 */
@Timeout(60)
class ChannelTimeoutTest {
    /** An echoing command on a new session of {@code client}. */
    private static Channel echo(Transport client) throws Exception {
        Channel channel = client.openSession();
        channel.exec("cat");
        return channel;
    }

    /** Sends a byte and reads it back, {@code times} times, {@code apart} apart: a channel in use. */
    private static void use(Channel channel, int times, Duration apart) throws Exception {
        OutputStream out = channel.getOutputStream();
        InputStream in = channel.getInputStream();
        for (int i = 0; i < times; i++) {
            out.write('x');
            out.flush();
            assertEquals('x', in.read());
            Thread.sleep(apart.toMillis()); // the pace of the use under test, not a wait for something
        }
    }

    /** Waits for the channel's end as its reader sees it: the peer closed it. */
    private static void assertEnds(Channel channel) throws Exception {
        assertEquals(-1, channel.getInputStream().read());
    }

    @Test
    void theServerClosesASessionThatCarriesNoData() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (LogRecorder log = LogRecorder.start("org.amiko.core");
                SshServer server = EchoServers.builder(hostKey)
                        .configure(t -> t.setChannelTimeouts(Map.of("session", Duration.ofSeconds(3)))).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            Channel channel = echo(client);
            // past the timeout and two checks more: without the use, it would have been closed
            use(channel, 20, Duration.ofMillis(250));
            assertFalse(channel.isClosed(), "in use for 5 s with a timeout of 3 s");
            assertEnds(channel);
            assertTrue(log.messages(Level.INFO).stream()
                    .anyMatch(line -> line.matches("channel \\d+ \\(session\\): closing after 3 seconds of inactivity")),
                    () -> log.messages(Level.INFO).toString());
            assertTrue(client.isActive(), "the connection goes on");
            use(echo(client), 1, Duration.ZERO);
        }
    }

    @Test
    void aPatternForWhatTheSessionDoesAndTheClientsOwnTimeout() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            client.setChannelTimeouts(Map.of("session:command", Duration.ofSeconds(2)));
            Channel channel = echo(client);
            use(channel, 1, Duration.ZERO);
            assertEnds(channel);
            assertTrue(client.isActive());
        }
    }

    @Test
    void theGlobalTimeoutClosesEveryChannelOnceAllAreQuiet() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey)
                .configure(t -> t.setChannelTimeouts(Map.of("global", Duration.ofSeconds(3)))).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            Channel quiet = echo(client);
            Channel busy = echo(client);
            // one channel in use keeps the other open too
            use(busy, 20, Duration.ofMillis(250));
            assertFalse(quiet.isClosed() || busy.isClosed());
            assertEnds(quiet);
            assertEnds(busy);
        }
    }

    /**
     * A channel whose writer waits for window that never comes is closed all the same, as sshd's
     * channel_force_close: the writer fails, and the close happens once, not every second.
     */
    @Test
    void aChannelWhoseWriterWaitsForWindowIsClosedOnce() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (LogRecorder log = LogRecorder.start("org.amiko.core");
                SshServer server = EchoServers.builder(hostKey).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            client.setChannelTimeouts(Map.of("session", Duration.ofSeconds(2)));
            Channel channel = echo(client);
            // nobody reads the echo: the server's window fills, it stops reading, ours fills, the writer waits
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[32 * 1024];
                try {
                    OutputStream out = channel.getOutputStream();
                    while (true) {
                        out.write(chunk);
                    }
                } catch (Exception e) {
                    return e;
                }
            });
            Throwable failed = writer.get(30, TimeUnit.SECONDS);
            assertTrue(failed instanceof IOException, () -> String.valueOf(failed));
            assertTrue(client.isActive(), "the connection goes on");
            client.setChannelTimeouts(Map.of()); // the next channel without one, however slow the machine
            use(echo(client), 1, Duration.ZERO);
            long closings = log.messages(Level.INFO).stream()
                    .filter(line -> line.endsWith("closing after 2 seconds of inactivity")).count();
            assertEquals(1, closings, () -> log.messages(Level.INFO).toString());
        }
    }
}
