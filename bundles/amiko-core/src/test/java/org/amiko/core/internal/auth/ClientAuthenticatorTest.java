// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server can make the client keep before any request is sent. Messages are handed to
 * {@link ClientAuthenticator#handle} as the service executor does; no session is needed because
 * nothing here is sent. (The answers to real requests are covered end to end by ClientServerTest.)
 */
class ClientAuthenticatorTest {
    private final ClientAuthenticator authenticator = new ClientAuthenticator(null, null);

    private static Packet packet(WireWriter payload) {
        byte[] data = payload.toByteArray();
        return new Packet(data, 0, data.length, 0);
    }

    private static Packet banner(String text) {
        return packet(new WireWriter(16 + text.length()).writeByte(SshMessage.USERAUTH_BANNER).writeString(text).writeString(""));
    }

    @Test
    void noBannerIsNullAndBannersAreJoined() throws Exception {
        assertNull(authenticator.banner());
        authenticator.handle(banner(""));
        assertEquals("", authenticator.banner());
        authenticator.handle(banner("Authorized use only\n"));
        authenticator.handle(banner("Second line\n"));
        assertEquals("Authorized use only\nSecond line\n", authenticator.banner());
    }

    @Test
    void bannersStopAtTheCapKeepingTheFirstText() throws Exception {
        authenticator.handle(banner("Authorized use only\n"));
        String filler = "x".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            authenticator.handle(banner(filler));
        }
        authenticator.handle(banner("never shown"));
        String kept = authenticator.banner();
        assertEquals(ClientAuthenticator.MAX_BANNER_CHARS, kept.length());
        assertTrue(kept.startsWith("Authorized use only\nxxx"));
        assertTrue(kept.endsWith("x"));
    }

    @Test
    void theCapDoesNotSplitASurrogatePair() throws Exception {
        authenticator.handle(banner("a".repeat(ClientAuthenticator.MAX_BANNER_CHARS - 1)));
        authenticator.handle(banner("\uD83D\uDD12 locked"));
        assertEquals("a".repeat(ClientAuthenticator.MAX_BANNER_CHARS - 1), authenticator.banner());
    }

    @ParameterizedTest
    @ValueSource(ints = {SshMessage.USERAUTH_FAILURE, SshMessage.USERAUTH_SUCCESS, SshMessage.USERAUTH_PK_OK, 79})
    void anAnswerNoRequestAwaitsIsAProtocolError(int type) {
        Packet unsolicited = packet(new WireWriter(32).writeByte(type).writeNameList(List.of("password"))
                .writeBoolean(false));
        DisconnectException e = assertThrows(DisconnectException.class, () -> authenticator.handle(unsolicited));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
        assertTrue(e.isLocal(), "the client disconnects");
    }

    @Test
    void serviceAcceptNeedsNoRequest() throws Exception {
        authenticator.handle(packet(new WireWriter(32).writeByte(SshMessage.SERVICE_ACCEPT).writeString("ssh-userauth")));
    }

    /** What the server's server-sig-algs lists goes first; ours stay in their order otherwise. */
    @Test
    void signatureOrderPutsWhatTheServerListsFirst() {
        List<String> ours = List.of("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
        assertEquals(List.of("rsa-sha2-256", "ssh-rsa", "ssh-ed25519", "rsa-sha2-512"),
                ClientAuthenticator.signatureOrder(ours, List.of("rsa-sha2-256", "ssh-rsa")));
    }

    /**
     * A server that sends no server-sig-algs predates rsa-sha2: ssh-rsa goes first where it is named,
     * as ssh signs an RSA key with it there; where it is not, the order stays and rsa-sha2 is tried.
     */
    @Test
    void aServerWithoutServerSigAlgsGetsSshRsaFirstWhenNamed() {
        assertEquals(List.of("ssh-rsa", "ssh-ed25519", "rsa-sha2-512"),
                ClientAuthenticator.signatureOrder(List.of("ssh-ed25519", "rsa-sha2-512", "ssh-rsa"), null));
        assertEquals(List.of("ssh-ed25519", "rsa-sha2-512"),
                ClientAuthenticator.signatureOrder(List.of("ssh-ed25519", "rsa-sha2-512"), null));
    }
}
