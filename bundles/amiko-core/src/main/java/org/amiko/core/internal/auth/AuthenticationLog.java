// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
 * {@code Failed password for ...}. A key is named by its type and SHA-256 fingerprint, never
 * more; a password never appears. The logger is {@value #LOGGER}, apart from the engine's own, so
 * that operators can send it where sshd's AUTH facility goes.
 */
final class AuthenticationLog {
    static final String LOGGER = "org.amiko.auth";
    private static final System.Logger LOG = System.getLogger(LOGGER);

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
