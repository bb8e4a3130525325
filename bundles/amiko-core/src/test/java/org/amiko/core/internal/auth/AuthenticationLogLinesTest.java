// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.SshException;
import org.junit.jupiter.api.Test;

/**
 * Each way a connection can end before login, and the line sshd writes for it (packet.c,
 * kex.c, sshd.c): the ends a running server is hard to bring about on purpose (a reset, a
 * protocol version, a disconnect of the server's own, a client text with a line break) as well.
 */
class AuthenticationLogLinesTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 50022);

    private static DisconnectException lost(IOException io) {
        DisconnectException lost = new DisconnectException(DisconnectReason.CONNECTION_LOST, "gone", false);
        lost.initCause(io);
        return lost;
    }

    private static List<String> lines(String user, SshException cause, boolean identified) {
        return AuthenticationLog.linesBeforeLogin(user, PEER, cause, false, identified, false);
    }

    @Test
    void beforeTheBanner() {
        assertEquals(List.of("Connection closed by 192.0.2.7 port 50022"),
                lines(null, lost(new EOFException("connection closed by peer")), false));
        assertEquals(List.of("Connection reset by 192.0.2.7 port 50022"),
                lines(null, lost(new IOException("Connection reset by peer")), false));
        assertEquals(List.of("banner exchange: Connection from 192.0.2.7 port 50022: invalid format"), lines(null,
                new DisconnectException(DisconnectReason.PROTOCOL_ERROR, "not an SSH client", true), false));
        assertEquals(List.of("banner exchange: Connection from 192.0.2.7 port 50022: could not read protocol version"),
                lines(null, new DisconnectException(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED, "SSH-1.5", true),
                        false));
    }

    @Test
    void afterTheBannerWithAndWithoutAUser() {
        assertEquals(List.of("Connection reset by authenticating user bob 192.0.2.7 port 50022 [preauth]"),
                lines("bob", lost(new IOException("Connection reset")), true));
        assertEquals(List.of("Connection closed by 192.0.2.7 port 50022 [preauth]"),
                lines(null, lost(new EOFException()), true));
        assertEquals(List.of("Received disconnect from 192.0.2.7 port 50022:14: No supported authentication methods"
                + " available [preauth]", "Disconnected from authenticating user bob 192.0.2.7 port 50022 [preauth]"),
                lines("bob", new DisconnectException(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                        "No supported authentication methods available", false), true));
        assertEquals(List.of("Disconnecting authenticating user bob 192.0.2.7 port 50022: too many authentication"
                + " failures [preauth]"), lines("bob", new DisconnectException(
                        DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "too many authentication failures", true), true));
        assertEquals(List.of("Unable to negotiate with 192.0.2.7 port 50022: no matching host key type found. Their"
                + " offer: ssh-dss [preauth]"), lines(null, new AlgorithmNegotiationException(AlgorithmFamily.HOST_KEY,
                        List.of("ssh-ed25519"), List.of("ssh-dss")), true));
        assertEquals(List.of("Connection from 192.0.2.7 port 50022 ended: odd [preauth]"),
                lines(null, new SshException("odd"), true));
    }

    @Test
    void theGraceTimeWinsWhateverEndedIt() {
        assertEquals(List.of("Timeout before authentication for 192.0.2.7 port 50022"), AuthenticationLog
                .linesBeforeLogin("bob", PEER, new DisconnectException(DisconnectReason.BY_APPLICATION,
                        "login grace time exceeded", true), true, true, false));
    }

    /** A connection the server ends itself (stopping, a kill) is nothing the client did: no line fail2ban counts. */
    @Test
    void anEndOfTheServersOwnIsNoFailureOfTheClients() {
        DisconnectException stopping = new DisconnectException(DisconnectReason.BY_APPLICATION, "server stopping", true);
        assertEquals(List.of("Disconnecting 192.0.2.7 port 50022: server stopping"),
                AuthenticationLog.linesBeforeLogin(null, PEER, stopping, false, false, true));
        assertEquals(List.of("Disconnecting authenticating user bob 192.0.2.7 port 50022: server stopping [preauth]"),
                AuthenticationLog.linesBeforeLogin("bob", PEER, stopping, false, true, true));
        // before the banner, only the server's refusal of what came in place of one is a bad banner
        assertEquals(List.of("Disconnecting 192.0.2.7 port 50022: server stopping"), lines(null, stopping, false));
    }

    /** What the client sent cannot make a second line, which could name another address. */
    @Test
    void theClientsTextStaysOnItsLine() {
        List<String> lines = lines("bob\nFailed password for root from 198.51.100.1", new DisconnectException(
                DisconnectReason.BY_APPLICATION, "bye\r\nFailed password for root from 198.51.100.2", false), true);
        assertEquals(2, lines.size());
        lines.forEach(line -> assertEquals(1, line.lines().count(), line));
    }
}
