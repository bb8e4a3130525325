// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.KeyPair;
import java.util.logging.Level;
import org.amiko.Transport;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.Test;

/** At most so many unauthenticated connections at once, as sshd's MaxStartups; authenticated ones do not count. */
class MaxStartupsTest {

    @Test
    void connectionsBeyondTheLimitAreClosedUntilOneAuthenticatesOrGoes() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).maxStartups(2).start();
                Transport authenticated = EchoServers.loggedIn(server, hostKey)) {
            try (Socket first = new Socket("127.0.0.1", server.address().getPort());
                    Socket second = new Socket("127.0.0.1", server.address().getPort())) {
                assertTrue(versionLine(first).startsWith("SSH-2.0-"));
                assertTrue(versionLine(second).startsWith("SSH-2.0-"));
                try (Socket third = new Socket("127.0.0.1", server.address().getPort())) {
                    assertEquals("Not allowed at this time", versionLine(third), "sshd's line, no version line");
                    assertEquals(-1, third.getInputStream().read(), "then closed");
                }
                first.close();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (server.transports().size() > 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the server drops the first once it has read its end
                }
                try (Socket fourth = new Socket("127.0.0.1", server.address().getPort())) {
                    assertTrue(versionLine(fourth).startsWith("SSH-2.0-"), "a freed place is taken again");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SshServer.builder().maxStartups(-1));
    }

    /** begin:rate:full, as sshd.c's should_drop_connection: the chance rises from rate at begin to 100 at full. */
    @Test
    void randomEarlyRefusalAsSshdComputesIt() {
        // sshd's default, 10:30:100
        assertFalse(SshServer.dropsStartup(9, 10, 30, 100, 0), "under begin: never");
        assertTrue(SshServer.dropsStartup(10, 10, 30, 100, 29));
        assertFalse(SshServer.dropsStartup(10, 10, 30, 100, 30), "30 percent at begin");
        // halfway, 30 + 70 * 45 / 90 = 65 percent
        assertTrue(SshServer.dropsStartup(55, 10, 30, 100, 64));
        assertFalse(SshServer.dropsStartup(55, 10, 30, 100, 65));
        assertTrue(SshServer.dropsStartup(100, 10, 30, 100, 99), "from full: always");
        assertTrue(SshServer.dropsStartup(10, 10, 100, 100, 99), "rate 100: the hard limit at begin");
        for (int[] bad : new int[][] {{0, 30, 100}, {10, 0, 100}, {10, 101, 100}, {101, 30, 100}, {1, 30, 0}}) {
            assertThrows(IllegalArgumentException.class, () -> SshServer.builder().maxStartups(bad[0], bad[1], bad[2]));
        }
    }

    /** With rate 100 from begin 2, the third unauthenticated connection is refused whatever full says. */
    @Test
    void aServerWithBeginRateFull() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).maxStartups(2, 100, 50).start();
                Socket first = new Socket("127.0.0.1", server.address().getPort());
                Socket second = new Socket("127.0.0.1", server.address().getPort())) {
            assertTrue(versionLine(first).startsWith("SSH-2.0-"));
            assertTrue(versionLine(second).startsWith("SSH-2.0-"));
            try (LogRecorder log = LogRecorder.start("org.amiko.core");
                    Socket third = new Socket("127.0.0.1", server.address().getPort())) {
                assertEquals("Not allowed at this time", versionLine(third));
                // sshd's line (sshd.c drop_connection)
                assertTrue(log.messages(Level.INFO).stream().anyMatch(line -> line.matches(
                        "drop connection #2 from \\[127\\.0\\.0\\.1\\]:\\d+ on \\[127\\.0\\.0\\.1\\]:\\d+ Maxstartups")),
                        () -> log.messages(Level.INFO).toString());
            }
        }
    }

    /**
     * PerSourceMaxStartups: one source's unauthenticated connections are bounded apart from the
     * others'; a netblock makes neighbouring addresses one source.
     */
    @Test
    void oneSourceCannotTakeEveryStartup() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        java.net.InetAddress server127 = java.net.InetAddress.getByName("127.0.0.1");
        java.net.InetAddress other = java.net.InetAddress.getByName("127.0.0.2"); // this machine's too, on Linux
        try (SshServer server = EchoServers.builder(hostKey).maxStartupsPerSource(1, "32:128").start();
                Socket first = new Socket(server127, server.address().getPort())) {
            assertTrue(versionLine(first).startsWith("SSH-2.0-"));
            try (Socket again = new Socket(server127, server.address().getPort())) {
                assertEquals("Not allowed at this time", versionLine(again), "the same address: no version line");
            }
            assumeTrue(bindable(other), "127.0.0.2 is not this machine's here");
            try (Socket fromElsewhere = new Socket(server127, server.address().getPort(), other, 0)) {
                assertTrue(versionLine(fromElsewhere).startsWith("SSH-2.0-"), "another source has its own");
            }
        }
        try (SshServer server = EchoServers.builder(hostKey).maxStartupsPerSource(1, "8").start();
                Socket first = new Socket(server127, server.address().getPort())) {
            assertTrue(versionLine(first).startsWith("SSH-2.0-"));
            try (Socket neighbour = new Socket(server127, server.address().getPort(), other, 0)) {
                assertEquals("Not allowed at this time", versionLine(neighbour), "127.0.0.0/8 is one source");
            }
        }
        // an authenticated connection does not count against its source
        try (SshServer server = EchoServers.builder(hostKey).maxStartupsPerSource(1, "32:128").start();
                Transport loggedIn = EchoServers.loggedIn(server, hostKey);
                Socket next = new Socket(server127, server.address().getPort())) {
            assertTrue(versionLine(next).startsWith("SSH-2.0-"));
        }
        assertThrows(IllegalArgumentException.class, () -> SshServer.builder().maxStartupsPerSource(1, "33"));
    }

    private static boolean bindable(java.net.InetAddress address) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String versionLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
