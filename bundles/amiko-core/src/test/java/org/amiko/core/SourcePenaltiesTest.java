// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sshd's PerSourcePenalties: penalties add up per source, refuse once past min, run down with
 * time, stop at max; netblocks group addresses; the tables' limits; and a server that refuses a
 * client whose logins failed.
 */
@Timeout(30)
class SourcePenaltiesTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    private SourcePenalties penalties(String settings, String netBlock) {
        return SourcePenalties.parse(settings, netBlock).withClock(nanos::get);
    }

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static InetAddress address(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    @Test
    void failuresAddUpAndRefuseOncePastTheMinimumThenRunDown() throws Exception {
        SourcePenalties penalties = penalties("yes", "32:128");
        InetAddress client = address("192.0.2.7");
        for (int failure = 1; failure <= 3; failure++) {
            penalties.penalise(client, SourcePenalties.Reason.AUTHFAIL);
            assertNull(penalties.refusal(client), failure * 5 + " s is not past min:15s");
        }
        penalties.penalise(client, SourcePenalties.Reason.AUTHFAIL);
        assertEquals("penalty: failed authentication", penalties.refusal(client), "20 s is");
        assertNull(penalties.refusal(address("192.0.2.8")), "another address");
        advance(19);
        assertEquals("penalty: failed authentication", penalties.refusal(client), "active until it runs out");
        advance(2);
        assertNull(penalties.refusal(client), "run out");
        penalties.penalise(client, SourcePenalties.Reason.NOAUTH);
        assertNull(penalties.refusal(client), "a fresh start: one second");
    }

    @Test
    void penaltiesStopAtMaxAndNetblocksMakeOneSource() throws Exception {
        SourcePenalties penalties = penalties("authfail:1m max:90s min:15s", "24:64");
        penalties.penalise(address("192.0.2.7"), SourcePenalties.Reason.AUTHFAIL);
        penalties.penalise(address("192.0.2.200"), SourcePenalties.Reason.AUTHFAIL);
        assertEquals("penalty: failed authentication", penalties.refusal(address("192.0.2.1")), "the same /24");
        assertNull(penalties.refusal(address("192.0.3.1")));
        advance(91);
        assertNull(penalties.refusal(address("192.0.2.1")), "two minutes cut to max:90s");
        penalties.penalise(address("2001:db8::1"), SourcePenalties.Reason.GRACE_EXCEEDED);
        penalties.penalise(address("2001:db8::2"), SourcePenalties.Reason.GRACE_EXCEEDED);
        assertEquals("penalty: exceeded LoginGraceTime", penalties.refusal(address("2001:db8::ffff")), "the same /64");
    }

    @Test
    void theTablesLimitsAndExemptAddresses() throws Exception {
        SourcePenalties permissive = penalties("authfail:20s max-sources4:2", "32");
        permissive.penalise(address("192.0.2.1"), SourcePenalties.Reason.AUTHFAIL);
        advance(1);
        permissive.penalise(address("192.0.2.2"), SourcePenalties.Reason.AUTHFAIL);
        permissive.penalise(address("192.0.2.3"), SourcePenalties.Reason.AUTHFAIL);
        assertNull(permissive.refusal(address("192.0.2.1")), "the soonest to run out is forgotten");
        assertEquals("penalty: failed authentication", permissive.refusal(address("192.0.2.3")));

        SourcePenalties denying = penalties("authfail:20s max-sources4:1 overflow:deny-all", "32:128");
        denying.penalise(address("192.0.2.1"), SourcePenalties.Reason.AUTHFAIL);
        assertEquals("too many penalised addresses", denying.refusal(address("198.51.100.1")));
        assertNull(denying.refusal(address("2001:db8::1")), "overflow6 follows overflow, but IPv6's table is empty");

        SourcePenalties exempt = penalties("authfail:20s", "32:128").exempting(InetAddress::isLoopbackAddress);
        exempt.penalise(address("127.0.0.1"), SourcePenalties.Reason.AUTHFAIL);
        assertNull(exempt.refusal(address("127.0.0.1")));
        assertNull(SourcePenalties.parse("no", "32:128"));
    }

    @Test
    void settingsSshdRefusesAreRefused() {
        for (String bad : List.of("authfail", "authfail:x", "yes authfail:5", "frobnicate:5", "overflow:maybe",
                "max-sources4:-1")) {
            assertThrows(IllegalArgumentException.class, () -> SourcePenalties.parse(bad, "32:128"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SourcePenalties.parse("yes", "33:128"));
        assertThrows(IllegalArgumentException.class, () -> SourcePenalties.parse("yes", "32:129"));
        assertThrows(IllegalArgumentException.class, () -> SourcePenalties.parse("yes", "32:64:1"));
    }

    /** A server that takes password "right", with these penalties and a login grace time. */
    private static SshServer server(KeyPair hostKey, String penalties, Duration grace) throws IOException {
        return EchoServers.builder(hostKey).server(t -> EchoServer.withPassword("right"))
                .settings(TransportSettings.builder().loginGraceTime(grace).build())
                .penalties(SourcePenalties.parse(penalties, "32:128")).start();
    }

    /** Waits until the server has seen every connection end, and so judged it. */
    private static void awaitJudged(SshServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.transports().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "connections still open: " + server.transports());
            Thread.sleep(10);
        }
    }

    /**
     * Whether a new connection is refused: the server says sshd's line and closes, where it would
     * send its version line. (A probe that is not refused is itself a connection without an attempt.)
     */
    private static boolean refused(SshServer server, KeyPair hostKey) throws IOException {
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            probe.setSoTimeout(10_000);
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(probe.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            if ("Not allowed at this time".equals(first)) {
                assertEquals(-1, probe.getInputStream().read(), "closed after the line");
                return true;
            }
            assertTrue(first != null && first.startsWith("SSH-2.0-"), String.valueOf(first));
            return false;
        }
    }

    /**
     * Logged-in clients are never penalised, whatever the penalties; a failed login is, past min at
     * once here, and the address's next connection is refused before a word.
     */
    @Test
    void aServerRefusesASourceWhoseLoginFailedNeverOneThatLoggedIn() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = server(hostKey, "authfail:20s noauth:20s grace-exceeded:20s", Duration.ofMinutes(2))) {
            for (int login = 0; login < 3; login++) {
                try (Transport client = connect(server, hostKey)) {
                    assertEquals(List.of(), client.authPassword("me", "right"));
                }
            }
            awaitJudged(server);
            assertFalse(refused(server, hostKey), "logged in three times: no penalty");
            awaitJudged(server);
            // that probe itself was a connection without an attempt: 20 s, refused from now on
            assertTrue(refused(server, hostKey), "noauth:20s is past min:15s");
        }
        try (SshServer server = server(hostKey, "authfail:20s noauth:0", Duration.ofMinutes(2))) {
            try (Transport client = connect(server, hostKey)) {
                assertThrows(AuthenticationException.class, () -> client.authPassword("me", "wrong"));
            }
            awaitJudged(server);
            assertTrue(refused(server, hostKey));
        }
    }

    /**
     * What counts as an attempt, as sshd counts it: asking with "none" is not; the login grace
     * time running out is its own penalty; a connection the server itself ends is none.
     */
    @Test
    void howAConnectionEndedDecidesItsPenalty() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = server(hostKey, "authfail:20s noauth:0", Duration.ofMinutes(2))) {
            try (Transport client = connect(server, hostKey)) {
                assertThrows(AuthenticationException.class, () -> client.authNone("me"));
            }
            awaitJudged(server);
            assertFalse(refused(server, hostKey), "none only asks which methods there are");
        }
        try (SshServer server = server(hostKey, "noauth:0 grace-exceeded:20s", Duration.ofSeconds(1))) {
            try (Transport client = connect(server, hostKey)) {
                client.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            awaitJudged(server);
            assertTrue(refused(server, hostKey), "ended at the login grace time");
        }
        try (SshServer server = server(hostKey, "noauth:20s", Duration.ofMinutes(2))) {
            try (Transport client = connect(server, hostKey)) {
                long id = ((SshTransport) server.transports().get(0)).id();
                server.kill(id, "maintenance");
                client.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            awaitJudged(server);
            assertFalse(refused(server, hostKey), "ended by the server: no penalty");
        }
    }

    private static Transport connect(SshServer server, KeyPair hostKey) throws IOException {
        Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
        try {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
