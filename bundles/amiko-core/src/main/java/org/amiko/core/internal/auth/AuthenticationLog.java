// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.SshException;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * The server's record of who logged in and who tried, in sshd's words so that the tools that read
 * sshd's auth log (fail2ban, say) read these too: {@code Accepted publickey for alice from
 * 192.0.2.7 port 50022 ssh2: ED25519 SHA256:...}, {@code Partial ...} for one step of several,
 * {@code Failed password for ...}, and how a connection ended before login ({@code Connection
 * closed by 192.0.2.7 port 50022 [preauth]}, {@code Unable to negotiate with ...}). A key is
 * named by its type and SHA-256 fingerprint, never more; a password never appears. The logger is {@value #LOGGER}, apart from the engine's own, so
 * that operators can send it where sshd's AUTH facility goes.
 */
final class AuthenticationLog {
    static final String LOGGER = "org.amiko.auth";
    private static final System.Logger LOG = System.getLogger(LOGGER);
    /** sshd's mark on the lines of a connection not yet logged in. */
    private static final String PREAUTH = " [preauth]";

    private AuthenticationLog() {}

    /**
     * One attempt's outcome.
     *
     * @param outcome {@code Accepted}, {@code Partial} or {@code Failed}
     * @param keyBlob the key of a publickey or hostbased attempt as sent, or null
     * @param plainBlob the plain key behind it (a certificate's certified key), or null when unknown
     */
    static void attempt(String outcome, String method, String user, InetSocketAddress peer, byte[] keyBlob,
            byte[] plainBlob) {
        // the method is the client's text too when it is one this server does not know
        LOG.log(Level.INFO, "{0} {1} for {2} from {3}{4}", outcome, PeerText.printable(method, 64),
                PeerText.printable(user, 64), where(peer), keyBlob == null ? "" : ": " + describe(keyBlob, plainBlob));
    }

    /** The connection ended at the limit of failed attempts, as sshd's "maximum authentication attempts exceeded". */
    static void tooManyFailures(String user, InetSocketAddress peer) {
        LOG.log(Level.WARNING, "maximum authentication attempts exceeded for {0} from {1}", PeerText.printable(user, 64),
                where(peer));
    }

    /**
     * A logged-in connection ended, as sshd records it: {@code Timeout, client not responding from
     * user alice 192.0.2.7 port 50022} when the server's keepalives went unanswered, else
     * {@code Disconnected from user alice 192.0.2.7 port 50022}; either with why, where known.
     */
    static void disconnected(String user, InetSocketAddress peer, SshException cause) {
        boolean timeout = cause instanceof DisconnectException disconnect && disconnect.isLocal()
                && disconnect.getReason() == DisconnectReason.CONNECTION_LOST;
        // a reason the client gave is its text
        String why = cause == null || cause.getMessage() == null ? "" : ": " + PeerText.printable(cause.getMessage(), 256);
        LOG.log(Level.INFO, "{0} from user {1} {2}{3}", timeout ? "Timeout, client not responding" : "Disconnected",
                PeerText.printable(user, 64), place(peer), why);
    }

    /**
     * A connection that ended before login, in the words sshd uses for it (packet.c's
     * {@code sshpkt_vfatal} and {@code ssh_packet_disconnect}, kex.c's banner exchange, sshd.c's
     * login grace time), so that what reads sshd's log (fail2ban's {@code sshd} filter in its
     * {@code ddos} and {@code aggressive} modes, say) can count scanners and clients that give up.
     * One or two lines; nothing the client sent is printed but its user name, its disconnect
     * text and its algorithm offer, each made printable.
     *
     * @param user the user the client last named, or null when it named none
     * @param cause how the connection ended, as {@code Session.closed()} completes
     * @param graceExceeded whether the server ended it at its login grace time
     * @param identified whether the client's identification line arrived
     * @param byServer whether the server ended it of its own accord (stopping, an operator's kill)
     */
    static void endedBeforeLogin(String user, InetSocketAddress peer, SshException cause, boolean graceExceeded,
            boolean identified, boolean byServer) {
        for (String line : linesBeforeLogin(user, peer, cause, graceExceeded, identified, byServer)) {
            LOG.log(Level.INFO, line);
        }
    }

    /** What {@link #endedBeforeLogin} logs. */
    static List<String> linesBeforeLogin(String user, InetSocketAddress peer, SshException cause,
            boolean graceExceeded, boolean identified, boolean byServer) {
        String place = place(peer);
        if (graceExceeded) {
            return List.of("Timeout before authentication for " + place);
        }
        DisconnectException disconnect = cause instanceof DisconnectException d ? d : null;
        // the socket closed or broke under us: connectionLost's exception carries the I/O error
        boolean lost = disconnect != null && !disconnect.isLocal() && disconnect.getCause() instanceof IOException;
        // as sshd before its privilege separation starts, the lines before the identification have no [preauth]
        String phase = identified ? PREAUTH : "";
        String remote = (user == null ? "" : "authenticating user " + PeerText.printable(user, 64) + " ") + place;
        if (byServer || (!identified && !lost && !badIdentification(disconnect))) {
            // nothing the client did: no line a log watcher counts against it
            String why = disconnect != null ? disconnect.getDescription() : cause == null ? null : cause.getMessage();
            return List.of("Disconnecting " + remote + ": " + PeerText.printable(String.valueOf(why), 256) + phase);
        }
        if (!identified) {
            if (lost) {
                return List.of(closedOrReset(disconnect) + place);
            }
            String problem = disconnect.getReason() == DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED
                    ? "could not read protocol version" : "invalid format";
            return List.of("banner exchange: Connection from " + place + ": " + problem);
        }
        if (cause instanceof AlgorithmNegotiationException negotiation) {
            return List.of("Unable to negotiate with " + remote + ": no matching " + sshdName(negotiation.getFamily())
                    + " found. Their offer: " + PeerText.printable(String.join(",", negotiation.getTheirs()), 1024)
                    + PREAUTH);
        }
        if (lost) {
            return List.of(closedOrReset(disconnect) + remote + PREAUTH);
        }
        if (disconnect != null && !disconnect.isLocal()) {
            return List.of("Received disconnect from " + place + ":" + disconnect.getReason().code() + ": "
                    + PeerText.printable(disconnect.getDescription(), 256) + PREAUTH, "Disconnected from " + remote + PREAUTH);
        }
        if (disconnect != null) {
            return List.of("Disconnecting " + remote + ": " + PeerText.printable(disconnect.getDescription(), 256) + PREAUTH);
        }
        String why = cause == null || cause.getMessage() == null ? "" : ": " + PeerText.printable(cause.getMessage(), 256);
        return List.of("Connection from " + remote + " ended" + why + PREAUTH);
    }

    /** Whether the server refused what the client sent in place of an identification line (VersionExchange). */
    private static boolean badIdentification(DisconnectException disconnect) {
        return disconnect != null && disconnect.isLocal() && (disconnect.getReason() == DisconnectReason.PROTOCOL_ERROR
                || disconnect.getReason() == DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED);
    }

    /** {@code Connection reset by } for a reset, else {@code Connection closed by }. */
    private static String closedOrReset(DisconnectException lost) {
        Throwable io = lost.getCause();
        String message = io.getMessage();
        boolean reset = !(io instanceof EOFException) && message != null && message.contains("reset");
        return reset ? "Connection reset by " : "Connection closed by ";
    }

    /** ssherr.c's names of the families in its "no matching ... found". */
    private static String sshdName(AlgorithmFamily family) {
        return switch (family) {
            case KEX -> "key exchange method";
            case HOST_KEY -> "host key type";
            case CIPHER -> "cipher";
            case MAC -> "MAC";
            case COMPRESSION -> "compression method";
        };
    }

    private static String where(InetSocketAddress peer) {
        return place(peer) + " ssh2";
    }

    /** {@code ADDRESS port N}, as sshd names a peer. */
    private static String place(InetSocketAddress peer) {
        if (peer == null) {
            return "an unknown address";
        }
        // a connection through a tunnel knows its peer by name only, which may be text from afar
        String address = peer.isUnresolved() ? PeerText.printable(peer.getHostString(), 255)
                : peer.getAddress().getHostAddress();
        return address + " port " + peer.getPort();
    }

    /**
     * {@code TYPE SHA256:fingerprint}, the type as the client named it (printable), as ssh-keygen -l
     * shows keys: a certificate by the fingerprint of its key, as sshd and ssh-keygen print it.
     */
    static String describe(byte[] keyBlob, byte[] plainBlob) {
        String type;
        try {
            type = PeerText.printable(new WireReader(keyBlob).readUtf8(), 64);
        } catch (WireFormatException e) {
            type = "unreadable key";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plainBlob != null ? plainBlob : keyBlob);
            return type + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
