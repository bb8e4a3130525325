// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.amiko.AlgorithmFamily;
import org.amiko.DisconnectReason;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.SshTransport;
import org.amiko.itests.RawSshPeer.Disconnect;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input against the Amiko server, each case from the acceptance list and named after the
 * attack it stops. A hand-written client ({@link RawSshPeer}) sends what no honest client would; the
 * server must end that connection cleanly, with an {@code SSH_MSG_DISCONNECT} carrying the right
 * RFC 4253 section 11.1 reason (or, before the version exchange, by closing promptly), and must go on
 * serving everyone else: after every case a normal Amiko client logs in and runs a command on the
 * same server.
 *
 * <p>Nothing here sleeps to synchronise: every wait is a socket read with a timeout or a bounded
 * future, and every test has a {@link Timeout}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileInputTest {
    /** How long a server may take to drop a connection it has judged. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final TransportSettings DEFAULTS = TransportSettings.defaults();

    private static TestServer server;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    static void start() throws Exception {
        server = TestServer.start();
        // the baseline, and it warms the JVM up so the timed idle-connection case measures the server
        NormalClient.assertServes(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The point of every case: one hostile connection does not take the server down for others. */
    @AfterEach
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void serverStillServesOthers() throws Exception {
        NormalClient.assertServes(server);
    }

    // ---- before and instead of the version line (RFC 4253 section 4.2) ----

    /** Stops a port scanner or another protocol's client from holding a session open. */
    @Test
    void garbageInsteadOfVersionLine() throws Exception {
        byte[] garbage = new byte[4096];
        new SplittableRandom(4253).nextBytes(garbage);
        garbage[0] = 0; // whatever the seed, it cannot read as "SSH-"
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.sendRaw(garbage);
            assertRefusedBeforeVersion(peer, true);
        }
    }

    /**
     * Stops memory exhaustion through a version line that never ends: the server must give up after
     * the 255 bytes RFC 4253 section 4.2 allows, not buffer what keeps coming.
     */
    @Test
    void endlessVersionLine() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = peer.socket().getOutputStream();
                    out.write("SSH-2.0-".getBytes(StandardCharsets.US_ASCII));
                    byte[] more = new byte[8192];
                    Arrays.fill(more, (byte) 'A');
                    for (int i = 0; i < 128; i++) { // 1 MiB without a line end
                        out.write(more);
                    }
                } catch (IOException e) {
                    // expected: the server closed while we were still writing
                }
            }, "endless-version-line");
            writer.setDaemon(true);
            writer.start();
            assertRefusedBeforeVersion(peer, false);
            peer.close();
            writer.join(PROMPTLY.toMillis());
        }
    }

    /**
     * Stops a client from stalling or padding the version exchange with lines before its version:
     * RFC 4253 section 4.2 allows those to servers only, and the server accepts none, whether one
     * short line or many.
     */
    @ParameterizedTest(name = "{1} x \"{0}\"")
    @CsvSource({"hi, 1", "a banner line a client must not send, 100"})
    void linesBeforeTheClientVersion(String line, int count) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                lines.append(line).append("\r\n");
            }
            lines.append(RawSshPeer.VERSION).append("\r\n");
            peer.sendRaw(lines.toString().getBytes(StandardCharsets.US_ASCII));
            assertRefusedBeforeVersion(peer, true);
        }
    }

    // ---- binary packet framing (RFC 4253 section 6) ----

    /**
     * Stops allocation attacks and desynchronisation through {@code packet_length}: below the minimum,
     * not block-aligned, 2^32-1 and 1 GiB are refused before anything is allocated for them.
     */
    @ParameterizedTest(name = "packet_length {0}")
    @ValueSource(longs = {0, 5, 0xFFFF_FFFFL, 1L << 30})
    void absurdPacketLengthBeforeKeyExchange(long length) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.sendRaw(peer.packetHead((int) length));
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    static Stream<Arguments> lengthsAfterKex() {
        return Stream.of(RawSshPeer.CTR, RawSshPeer.GCM)
                .flatMap(cipher -> Stream.of(0L, 5L, 0xFFFF_FFFFL).map(length -> Arguments.of(cipher, length)));
    }

    /**
     * As {@link #absurdPacketLengthBeforeKeyExchange} under encryption, where the length is only known
     * after decrypting the first block (aes-ctr) or travels in the clear as AAD (aes-gcm).
     */
    @ParameterizedTest(name = "{0}, packet_length {1}")
    @MethodSource("lengthsAfterKex")
    void absurdPacketLengthAfterKeyExchange(String cipher, long length) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(cipher, true));
            peer.sendRaw(peer.packetHead((int) length));
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    static Stream<Arguments> paddingCases() {
        IntUnaryOperator beyondThePacket = packetLength -> 255;
        IntUnaryOperator noRoomForPayload = packetLength -> packetLength - 1;
        return Stream.of("none", RawSshPeer.CTR, RawSshPeer.GCM).flatMap(cipher -> Stream.of(
                Arguments.of(cipher, "longer than the packet", beyondThePacket),
                Arguments.of(cipher, "leaving no payload", noRoomForPayload)));
    }

    /**
     * Stops out-of-bounds reads through {@code padding_length}: a padding longer than the packet (or
     * one that leaves no message number) in a packet whose MAC is valid.
     */
    @ParameterizedTest(name = "{0}, padding {1}")
    @MethodSource("paddingCases")
    void paddingLengthBeyondThePacket(String cipher, String label, IntUnaryOperator padding) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            if ("none".equals(cipher)) {
                peer.exchangeVersions();
            } else {
                peer.completeKex(KexOffer.standard(cipher, true));
            }
            peer.sendRaw(peer.frame(ignore(24), padding));
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /** Stops tampering in transit: one flipped ciphertext bit ends the connection with MAC_ERROR. */
    @ParameterizedTest
    @ValueSource(strings = {RawSshPeer.CTR, RawSshPeer.GCM})
    void tamperedPacketAfterKeyExchange(String cipher) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(cipher, true));
            byte[] packet = peer.frame(ignore(32), -1);
            // inside the encrypted payload, past the first 16 bytes, so the length still reads right
            packet[20] ^= 0x01;
            peer.sendRaw(packet);
            assertDisconnect(peer, DisconnectReason.MAC_ERROR);
        }
    }

    // ---- key exchange (RFC 4253 sections 7 and 8, OpenSSH PROTOCOL section 1.10) ----

    /**
     * Stops a silent downgrade and makes failures diagnosable: a KEXINIT with nothing in common in one
     * family fails with KEY_EXCHANGE_FAILED, and the description lists both offers.
     */
    @ParameterizedTest
    @EnumSource(AlgorithmFamily.class)
    void kexInitWithNothingInCommon(AlgorithmFamily family) throws Exception {
        String nothing = "nothing-in-common@example.com";
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            KexOffer ours = KexOffer.standard(RawSshPeer.CTR, false).with(family, List.of(nothing));
            peer.sendKexInit(ours);
            Disconnect disconnect = assertDisconnect(peer, DisconnectReason.KEY_EXCHANGE_FAILED);
            String theirs = String.join(",", peer.serverOffer(family));
            assertTrue(disconnect.description().contains(theirs),
                    "the server's own " + family + " offer " + theirs + " is missing from: " + disconnect);
            assertTrue(disconnect.description().contains(nothing),
                    "our " + family + " offer is missing from: " + disconnect);
        }
    }

    /** Stops an unsafe shared secret: a small-order or malformed curve25519 value is refused. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {32, 31})
    void unusableCurve25519PublicValue(int length) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, true));
            // 32 zero bytes: u = 0, a point of small order whose shared secret is all zeros (RFC 7748
            // section 6.1); 31 bytes: not an X25519 value at all
            peer.send(new WireWriter(48).writeByte(RawSshPeer.KEX_ECDH_INIT).writeString(new byte[length])
                    .toByteArray());
            assertDisconnect(peer, DisconnectReason.KEY_EXCHANGE_FAILED);
        }
    }

    /**
     * A group exchange request (RFC 4419 section 3) whose sizes are out of order, or that allows
     * no group of at least 2048 bits, gets no group but KEY_EXCHANGE_FAILED, as sshd answers it;
     * the sizes are unsigned, so -1 is 4294967295 bits.
     */
    @ParameterizedTest(name = "min {0}, n {1}, max {2}")
    @CsvSource({"4096, 2048, 8192", "2048, 8192, 4096", "512, 1024, 1024", "-1, -1, -1"})
    void groupExchangeRequestNoGroupFits(int min, int preferred, int max) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, false).with(AlgorithmFamily.KEX,
                    List.of("diffie-hellman-group-exchange-sha256")));
            peer.send(new WireWriter(16).writeByte(RawSshPeer.KEX_DH_GEX_REQUEST).writeUint32(min).writeUint32(preferred)
                    .writeUint32(max).toByteArray());
            Disconnect disconnect = assertDisconnect(peer, DisconnectReason.KEY_EXCHANGE_FAILED);
            assertTrue(disconnect.description().contains("no diffie-hellman-group-exchange-sha256 group for the request"),
                    disconnect::toString);
        }
    }

    /** Stops authentication in the clear: a USERAUTH_REQUEST as the very first packet. */
    /**
     * A client that guessed wrong (RFC 4253 section 7.1: its first kex algorithm is not the one
     * negotiated) sends a first kex packet that must be ignored, not taken for the real one: here it
     * is not even a valid public value, and the exchange that follows still completes.
     */
    @Test
    void wronglyGuessedFirstKexPacketIsIgnored() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            KexOffer offer = KexOffer.standard(RawSshPeer.CTR, true);
            List<String> guessing = new ArrayList<>(List.of("guess-kex@amiko.test"));
            guessing.addAll(offer.kex());
            peer.sendKexInitWithGuess(offer.with(AlgorithmFamily.KEX, guessing), new byte[] {1, 2, 3});
            peer.sendEcdhInit();
            peer.finishKex();
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
        }
    }

    @Test
    void userauthRequestBeforeKexInit() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            // the right password, so only the timing can be what the server refuses
            peer.sendPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /** Stops authentication in the clear during the first key exchange, with and without strict kex. */
    @ParameterizedTest(name = "strict kex {0}")
    @ValueSource(booleans = {true, false})
    void userauthRequestDuringInitialKex(boolean strict) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, strict));
            assertEquals(strict, peer.isStrictKex());
            peer.sendPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /**
     * Stops message injection during a strict initial key exchange (OpenSSH PROTOCOL section 1.10):
     * once both sides offered {@code kex-strict-*-v00@openssh.com}, anything but the next key
     * exchange message before NEWKEYS is fatal, even IGNORE.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"IGNORE", "DEBUG", "UNIMPLEMENTED", "SERVICE_REQUEST", "second KEXINIT", "early NEWKEYS"})
    void outOfOrderMessageDuringStrictKex(String message) throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, true));
            assertTrue(peer.isStrictKex());
            byte[] payload = switch (message) {
                case "IGNORE" -> ignore(8);
                case "DEBUG" -> new WireWriter(32).writeByte(RawSshPeer.DEBUG).writeBoolean(false)
                        .writeString("injected").writeString("").toByteArray();
                case "UNIMPLEMENTED" -> new WireWriter(8).writeByte(RawSshPeer.UNIMPLEMENTED).writeUint32(0)
                        .toByteArray();
                case "SERVICE_REQUEST" -> new WireWriter(32).writeByte(RawSshPeer.SERVICE_REQUEST)
                        .writeString("ssh-userauth").toByteArray();
                case "second KEXINIT" -> KexOffer.standard(RawSshPeer.CTR, true).payload(new byte[16]);
                case "early NEWKEYS" -> new byte[] {RawSshPeer.NEWKEYS}; // before ECDH_INIT, so before any reply
                default -> throw new IllegalArgumentException(message);
            };
            peer.send(payload);
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /**
     * Stops the Terrapin prefix truncation attack (CVE-2023-48795): with strict kex, the client's
     * KEXINIT must be its first packet, so an IGNORE injected before it (which shifts every later
     * sequence number by one) makes the server refuse.
     */
    @Test
    void terrapinIgnoreInjectedBeforeKexInit() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.send(ignore(8));
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, true));
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /**
     * Stops Terrapin's other half: under strict kex the server restarts sequence numbers at NEWKEYS,
     * so a peer whose numbers were shifted (or never reset) fails the first MAC.
     */
    @Test
    void terrapinShiftedSequenceNumbersAfterStrictKex() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.keepSendSequenceOnNewKeys();
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.send(ignore(8));
            assertDisconnect(peer, DisconnectReason.MAC_ERROR);
        }
    }

    /**
     * The control for the strict-kex cases: without strict kex, IGNORE before and during the initial
     * key exchange is legal (RFC 4253 section 11.2), so the refusals above are strict kex's doing.
     */
    @Test
    void ignoreDuringKexIsToleratedWithoutStrictKex() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.exchangeVersions();
            peer.send(ignore(8));
            peer.sendKexInit(KexOffer.standard(RawSshPeer.CTR, false));
            assertFalse(peer.isStrictKex());
            peer.send(ignore(8));
            peer.sendEcdhInit();
            peer.finishKex();
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
        }
    }

    // ---- user authentication (RFC 4252) ----

    /** Stops messages of the connection protocol from reaching a server before the user is known. */
    @Test
    void channelOpenBeforeAuthentication() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.requestUserauthService();
            peer.send(RawSshPeer.sessionOpen(0));
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /**
     * Stops password guessing: after maxAuthTries failures the server disconnects, and a new user
     * name on every attempt does not reset the count.
     */
    @Test
    void tooManyFailedAuthenticationsAcrossUserNames() throws Exception {
        int maxTries = DEFAULTS.maxAuthTries();
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.requestUserauthService();
            for (int attempt = 1; attempt < maxTries; attempt++) {
                peer.sendPassword("guess" + attempt, "wrong " + attempt);
                peer.expect(RawSshPeer.USERAUTH_FAILURE);
            }
            // the one user that exists, still with a wrong password: the count is per connection
            peer.sendPassword(TestServer.PASSWORD_USER, "wrong " + maxTries);
            assertDisconnect(peer, DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE);
        }
    }

    /**
     * Stops a signature made for another server from logging in here: a host-bound publickey request
     * (OpenSSH PROTOCOL section 3.1) must name the host key of this session's key exchange, and one
     * that names another, even another key of this server, ends the connection as sshd ends it.
     * The one naming the right key is answered as any publickey query.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void hostBoundPublicKeyMustNameThisSessionsHostKey(boolean rightKey) throws Exception {
        byte[] userKey = PublicKeyBlob.encode(KeyPairs.generate("ssh-ed25519").getPublic());
        byte[] otherHostKey = PublicKeyBlob.encode(server.keys().get(1).getPublic());
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(withExtInfo(KexOffer.standard(RawSshPeer.CTR, true)));
            peer.requestUserauthService();
            assertTrue(peer.extensions().contains("publickey-hostbound@openssh.com"), peer.extensions()::toString);
            assertFalse(Arrays.equals(otherHostKey, peer.sessionHostKey()));
            peer.sendHostBoundQuery(TestServer.PASSWORD_USER, "ssh-ed25519", userKey,
                    rightKey ? peer.sessionHostKey() : otherHostKey);
            if (rightKey) {
                peer.expect(RawSshPeer.USERAUTH_FAILURE);
                peer.sendPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
                peer.expect(RawSshPeer.USERAUTH_SUCCESS);
            } else {
                Disconnect disconnect = assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
                assertTrue(disconnect.description().contains("not this server's"), disconnect.description());
            }
        }
    }

    /**
     * OpenSSH's ping (PROTOCOL section 1.9), announced in EXT_INFO: before authentication a PING gets
     * no answer, so nobody unauthenticated can make the server queue replies (CVE-2025-26466 in
     * sshd); after it, the PONG carries the PING's data back.
     */
    @Test
    void pingIsAnsweredOnlyAfterAuthentication() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(withExtInfo(KexOffer.standard(RawSshPeer.CTR, true)));
            peer.requestUserauthService();
            assertTrue(peer.extensions().contains("ping@openssh.com"), peer.extensions()::toString);
            for (int i = 0; i < 100; i++) {
                peer.send(ping("before " + i));
            }
            peer.sendPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            peer.expect(RawSshPeer.USERAUTH_SUCCESS); // a PONG first would fail here
            peer.send(ping("after"));
            byte[] pong = peer.expect(RawSshPeer.PONG);
            assertEquals("after", new WireReader(pong, 1, pong.length - 1).readUtf8());
        }
    }

    private static byte[] ping(String data) {
        return new WireWriter(64).writeByte(RawSshPeer.PING).writeString(data).toByteArray();
    }

    /** {@code ours} asking for the server's EXT_INFO (RFC 8308 section 2.1). */
    private static KexOffer withExtInfo(KexOffer ours) {
        List<String> kex = new ArrayList<>(ours.kex());
        kex.add("ext-info-c");
        return ours.with(AlgorithmFamily.KEX, kex);
    }

    /**
     * gssapi-with-mic (RFC 4462 section 3.2) with an absurd mechanism count ends the connection
     * before anything is read or allocated for them; a GSS-API token with no exchange under way is
     * no answer to anything either.
     */
    @Test
    void gssapiRequestsThatLieAboutTheirSize() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.requestUserauthService();
            peer.send(new WireWriter(64).writeByte(RawSshPeer.USERAUTH_REQUEST).writeString(TestServer.PASSWORD_USER)
                    .writeString("ssh-connection").writeString("gssapi-with-mic").writeUint32(0x7fffffff).toByteArray());
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.requestUserauthService();
            peer.send(new WireWriter(64).writeByte(61).writeString(new byte[40]).toByteArray());
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    /** The host-bound form is offered only in the EXT_INFO a client asks for; unasked, it ends the connection. */
    @Test
    void hostBoundPublicKeyWithoutExtInfo() throws Exception {
        byte[] userKey = PublicKeyBlob.encode(KeyPairs.generate("ssh-ed25519").getPublic());
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.requestUserauthService();
            peer.sendHostBoundQuery(TestServer.PASSWORD_USER, "ssh-ed25519", userKey, peer.sessionHostKey());
            assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
        }
    }

    // ---- connection protocol (RFC 4254) ----

    /**
     * Stops memory exhaustion through channel opens: beyond maxChannels the server answers
     * OPEN_FAILURE RESOURCE_SHORTAGE, holds no more than maxChannels, stays up, and frees a slot
     * when a channel closes. (Sessions have their own, lower limit, lifted here so that the opens
     * reach the channel limit: {@link #sessionOpenFlood}.)
     */
    @Test
    void channelOpenFlood() throws Exception {
        int maxChannels = DEFAULTS.maxChannels();
        int attempts = 1000;
        int batch = 100; // replies are read per batch, so neither side's socket buffer can fill up
        try (TestServer unlimitedSessions = TestServer.start(DEFAULTS, t -> t.setMaxSessions(Integer.MAX_VALUE));
                RawSshPeer peer = RawSshPeer.connect(unlimitedSessions.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.GCM, true));
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            List<Integer> serverIds = new ArrayList<>();
            int refused = 0;
            for (int first = 0; first < attempts; first += batch) {
                ByteArrayOutputStream flight = new ByteArrayOutputStream();
                for (int id = first; id < first + batch; id++) {
                    flight.write(peer.frame(RawSshPeer.sessionOpen(id), -1));
                }
                peer.sendRaw(flight.toByteArray());
                for (int i = 0; i < batch; i++) {
                    byte[] reply = peer.nextMessage();
                    WireReader in = new WireReader(reply, 1, reply.length - 1);
                    in.readUint32(); // our channel id
                    if (reply[0] == RawSshPeer.CHANNEL_OPEN_CONFIRMATION) {
                        serverIds.add(in.readUint32());
                    } else if (reply[0] == RawSshPeer.CHANNEL_OPEN_FAILURE) {
                        assertEquals(OpenChannelResult.RESOURCE_SHORTAGE.code(), in.readUint32());
                        refused++;
                    } else {
                        fail("expected an open confirmation or failure, got message " + (reply[0] & 0xff));
                    }
                }
            }
            assertEquals(maxChannels, serverIds.size(), "channels the server opened");
            assertEquals(attempts - maxChannels, refused, "opens refused for RESOURCE_SHORTAGE");
            SshTransport served = servedTransportOf(unlimitedSessions, peer);
            assertTrue(served.isActive(), "the flooding connection stays up");
            assertEquals(maxChannels, served.channelCount(), "channels the server holds");

            // closing one frees its slot for the next open
            peer.send(new WireWriter(8).writeByte(RawSshPeer.CHANNEL_CLOSE).writeUint32(serverIds.get(0))
                    .toByteArray());
            peer.expect(RawSshPeer.CHANNEL_CLOSE);
            peer.send(RawSshPeer.sessionOpen(attempts));
            peer.expect(RawSshPeer.CHANNEL_OPEN_CONFIRMATION);
            // and the connection still answers
            peer.send(new WireWriter(32).writeByte(RawSshPeer.GLOBAL_REQUEST).writeString("ping@example.com")
                    .writeBoolean(true).toByteArray());
            peer.expect(RawSshPeer.REQUEST_FAILURE);
            assertEquals(maxChannels, served.channelCount(), "channels the server holds");
        }
    }

    /**
     * Session opens beyond maxSessions (sshd's MaxSessions, 10) are refused as sshd refuses them,
     * CONNECT_FAILED, and the connection stays up.
     */
    @Test
    void sessionOpenFlood() throws Exception {
        int attempts = 100;
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.GCM, true));
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            ByteArrayOutputStream flight = new ByteArrayOutputStream();
            for (int id = 0; id < attempts; id++) {
                flight.write(peer.frame(RawSshPeer.sessionOpen(id), -1));
            }
            peer.sendRaw(flight.toByteArray());
            int confirmed = 0;
            for (int i = 0; i < attempts; i++) {
                byte[] reply = peer.nextMessage();
                WireReader in = new WireReader(reply, 1, reply.length - 1);
                in.readUint32(); // our channel id
                if (reply[0] == RawSshPeer.CHANNEL_OPEN_CONFIRMATION) {
                    confirmed++;
                } else {
                    assertEquals(RawSshPeer.CHANNEL_OPEN_FAILURE, reply[0]);
                    assertEquals(OpenChannelResult.CONNECT_FAILED.code(), in.readUint32());
                    assertEquals("no more sessions", in.readUtf8());
                }
            }
            assertEquals(10, confirmed, "sessions the server opened");
            assertTrue(servedTransportOf(peer).isActive(), "the flooding connection stays up");
        }
    }

    /**
     * A channel timeout against a peer that never answers the server's CLOSE: EOF and CLOSE come
     * once, and the channel is not closed again at each check after (it used to be, every second,
     * each time with a log line and a task).
     */
    @Test
    void aTimedOutChannelIsClosedOnceThoughThePeerNeverAnswers() throws Exception {
        try (TestServer timing = TestServer.start(DEFAULTS,
                t -> t.setChannelTimeouts(Map.of("session", Duration.ofSeconds(1))));
                RawSshPeer peer = RawSshPeer.connect(timing.port())) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            peer.send(RawSshPeer.sessionOpen(0));
            peer.expect(RawSshPeer.CHANNEL_OPEN_CONFIRMATION);
            peer.expect(RawSshPeer.CHANNEL_EOF);
            peer.expect(RawSshPeer.CHANNEL_CLOSE);
            // three more checks go by (the server's are once a second) with the channel still in its
            // table, waiting for our CLOSE: the waiting is the point, nothing is synchronised on it
            Thread.sleep(3_000);
            peer.send(new WireWriter(32).writeByte(RawSshPeer.GLOBAL_REQUEST).writeString("ping@example.com")
                    .writeBoolean(true).toByteArray());
            peer.expect(RawSshPeer.REQUEST_FAILURE); // not a second EOF or CLOSE first
            assertTrue(servedTransportOf(timing, peer).isActive());
        }
    }

    /**
     * Stops memory exhaustion through flow control: data beyond the window the server granted (and
     * nobody on the server reads, so it never re-opens) is a PROTOCOL_ERROR (RFC 4254 section 5.2).
     */
    @Test
    void dataBeyondTheChannelWindow() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            int channel = openChannel(peer);
            fillWindow(peer, channel, false);
            peer.send(data(channel, false, 1));
            Disconnect disconnect = assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
            assertTrue(disconnect.description().contains("window of 0"), disconnect::toString);
        }
    }

    /**
     * As {@link #dataBeyondTheChannelWindow} with extended data of a type the server drops (not
     * stderr): dropped data still counts against the window; if it slipped past the check, each
     * such packet would also hand its length back as new window, and a peer could grow the window
     * without bound and then fill it with data that is kept.
     */
    @Test
    void extendedDataOfUnknownTypeBeyondTheChannelWindow() throws Exception {
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            int channel = openChannel(peer);
            fillWindow(peer, channel, false);
            peer.send(data(channel, true, 1));
            Disconnect disconnect = assertDisconnect(peer, DisconnectReason.PROTOCOL_ERROR);
            assertTrue(disconnect.description().contains("window of 0"), disconnect::toString);
        }
    }

    /**
     * Stops memory amplification through flow control: a CHANNEL_DATA packet of 200 KiB that
     * carries one byte of data (and trailing bytes after it) uses one byte of window, so it must
     * not cost the server 200 KiB while nobody reads the channel. Otherwise the window bounds
     * nothing: a 2 MiB window would hold hundreds of gigabytes.
     */
    @Test
    void tinyDataInHugePacketsWithinTheWindow() throws Exception {
        int packets = 400;
        int junk = 200 * 1024;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (RawSshPeer peer = RawSshPeer.connect(server.port())) {
            int channel = openChannel(peer);
            memory.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            byte[] payload = new WireWriter(junk + 16).writeByte(RawSshPeer.CHANNEL_DATA).writeUint32(channel)
                    .writeString(new byte[1]).writeBytes(new byte[junk]).toByteArray();
            for (int i = 0; i < packets; i++) {
                peer.send(payload);
            }
            // replies come in order, so once this one is here every packet above has been handled
            peer.send(new WireWriter(32).writeByte(RawSshPeer.GLOBAL_REQUEST).writeString("sync@example.com")
                    .writeBoolean(true).toByteArray());
            peer.expect(RawSshPeer.REQUEST_FAILURE);
            memory.gc();
            long retained = memory.getHeapMemoryUsage().getUsed() - before;
            long sent = (long) packets * payload.length;
            assertTrue(retained < sent / 4, "the server retains " + retained / 1024 / 1024 + " MiB for " + packets
                    + " bytes of channel data sent in " + sent / 1024 / 1024 + " MiB of packets");
        }
    }

    // ---- connections that never finish the handshake ----

    /**
     * Stops connection-slot exhaustion by handshakes that never finish: 200 connections that send
     * nothing or only a version line are dropped after loginGraceTime with BY_APPLICATION, and while
     * they are all open a normal client logs in and runs a command.
     */
    /**
     * Stops memory exhaustion through replies: a peer that sends want-reply requests and never
     * reads the answers makes the server stop reading once its output queue passes four times the
     * high-water mark, so the queue stays bounded instead of growing with every request. The
     * requests ask for 32 KiB echoes, so the replies outgrow any socket buffer at once.
     */
    @Test
    void requestsWhoseRepliesAreNeverReadDoNotGrowTheOutputQueue() throws Exception {
        long highWater = 64 * 1024;
        try (TestServer small = TestServer.start(TransportSettings.builder().outputHighWater(highWater).build());
                RawSshPeer peer = RawSshPeer.connect(small.port(), 4096)) {
            peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
            peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            byte[] request = new org.amiko.spi.wire.WireWriter(33_000).writeByte(RawSshPeer.GLOBAL_REQUEST)
                    .writeString("echo@amiko.test").writeBoolean(true).writeBytes(new byte[32 * 1024]).toByteArray();
            AtomicInteger sent = new AtomicInteger();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        peer.send(request);
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    // the test closes the socket under a blocked sender
                }
            });
            sender.setDaemon(true);
            sender.start();
            org.amiko.core.internal.io.NioConnection connection = small.last().session().connection();
            // wait until the sender is done (the server read everything) or the queue stops moving
            // (the server stopped reading); either way the queue then shows what the server holds
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long before = -1;
            long now = connection.queued();
            while (sender.isAlive() && now != before && System.nanoTime() < deadline) {
                before = now;
                sender.join(1000);
                now = connection.queued();
            }
            // without the limit the server reads all 1000 requests and queues ~32 MB of echoes; with
            // it, the queue stops at the limit plus the echoes of what the service layer already held
            // (reading also pauses at 1 MiB of unprocessed messages)
            assertTrue(now <= 4 * highWater + 1024 * 1024 + 2 * request.length, "output queue grew to " + now
                    + " bytes after " + sent.get() + " requests");
            assertTrue(sent.get() < 1000, "the server read every request although nobody read its replies");
            assertTrue(small.last().isActive());
        }
    }

    @Test
    void idleHandshakesAreDroppedAfterLoginGraceTime() throws Exception {
        Duration grace = Duration.ofSeconds(2);
        int count = 200;
        try (TestServer graceServer = TestServer.start(TransportSettings.builder().loginGraceTime(grace).build())) {
            List<Socket> idle = new ArrayList<>();
            long[] connectedAt = new long[count];
            try {
                byte[] version = (RawSshPeer.VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket();
                    idle.add(socket);
                    connectedAt[i] = System.nanoTime();
                    socket.connect(new InetSocketAddress("127.0.0.1", graceServer.port()), 5000);
                    if (i % 2 == 1) {
                        socket.getOutputStream().write(version);
                    }
                }

                // a normal client logs in while every idle connection is still held
                long loginStart = System.nanoTime();
                try (Transport transport = NormalClient.login(graceServer)) {
                    Duration login = Duration.ofNanos(System.nanoTime() - loginStart);
                    long active = graceServer.served().stream().filter(SshTransport::isActive).count();
                    assertEquals(count + 1, active, "connections held when the normal client had logged in after "
                            + login.toMillis() + " ms");
                    assertTrue(login.compareTo(grace) < 0, "login took " + login.toMillis() + " ms");
                    NormalClient.execEcho(transport);
                }

                // then every idle one is dropped, not before the grace time, each with a DISCONNECT
                long deadline = connectedAt[count - 1] + grace.toNanos() + PROMPTLY.toNanos();
                for (int i = 0; i < count; i++) {
                    ServerClosure closure = ServerClosure.await(idle.get(i),
                            Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                    long heldFor = System.nanoTime() - connectedAt[i];
                    assertTrue(heldFor >= grace.toNanos(), "idle connection " + i + " dropped after only "
                            + heldFor / 1_000_000 + " ms");
                    Optional<Disconnect> disconnect = closure.plaintextDisconnect();
                    assertTrue(disconnect.isPresent(), "idle connection " + i + " closed without a DISCONNECT");
                    assertEquals(DisconnectReason.BY_APPLICATION.code(), disconnect.get().reason(),
                            disconnect.get()::toString);
                }
                assertEquals(0, graceServer.served().stream().filter(SshTransport::isActive).count(),
                        "connections still held after the grace time");
                NormalClient.assertServes(graceServer);
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    // ---- helpers ----

    /** Reads the server's DISCONNECT, checks its reason and that the connection then closes. */
    private static Disconnect assertDisconnect(RawSshPeer peer, DisconnectReason expected) throws Exception {
        Disconnect disconnect = peer.expectDisconnect();
        assertEquals(expected.code(), disconnect.reason(),
                "expected " + expected + ", got " + DisconnectReason.of(disconnect.reason()) + ": "
                        + disconnect.description());
        return disconnect;
    }

    /**
     * Before the version exchange there is no protocol to speak yet: the server must close promptly.
     * Its DISCONNECT, if it made it out, must say PROTOCOL_ERROR.
     *
     * @param disconnectRequired false when the server closes while our bytes are still arriving: the
     *     TCP reset that causes may overtake its DISCONNECT
     */
    private static void assertRefusedBeforeVersion(RawSshPeer peer, boolean disconnectRequired) throws IOException {
        ServerClosure closure = ServerClosure.await(peer.socket(), PROMPTLY);
        Optional<Disconnect> disconnect = closure.plaintextDisconnect();
        if (disconnectRequired) {
            assertTrue(disconnect.isPresent(), "closed without a DISCONNECT");
        }
        disconnect.ifPresent(d -> assertEquals(DisconnectReason.PROTOCOL_ERROR.code(), d.reason(), d::toString));
    }

    private static byte[] ignore(int length) {
        return new WireWriter(8 + length).writeByte(RawSshPeer.IGNORE).writeString(new byte[length]).toByteArray();
    }

    /** Logs in and opens a session channel; returns the server's id for it. */
    private static int openChannel(RawSshPeer peer) throws Exception {
        peer.completeKex(KexOffer.standard(RawSshPeer.CTR, true));
        peer.authenticate(TestServer.PASSWORD_USER, TestServer.PASSWORD);
        peer.send(RawSshPeer.sessionOpen(0));
        byte[] confirmation = peer.expect(RawSshPeer.CHANNEL_OPEN_CONFIRMATION);
        WireReader in = new WireReader(confirmation, 1, confirmation.length - 1);
        in.readUint32();
        return in.readUint32();
    }

    /** Sends exactly the server's initial window in maximum-size packets (2 MiB in 32 KiB by default). */
    private static void fillWindow(RawSshPeer peer, int channel, boolean extended) throws Exception {
        int window = DEFAULTS.channelWindow();
        int maxPacket = DEFAULTS.channelMaxPacket();
        for (int sent = 0; sent < window; sent += maxPacket) {
            peer.send(data(channel, extended, Math.min(maxPacket, window - sent)));
        }
    }

    /** CHANNEL_DATA, or CHANNEL_EXTENDED_DATA of type 2 (a type RFC 4254 does not define). */
    private static byte[] data(int channel, boolean extended, int length) {
        WireWriter out = new WireWriter(length + 16);
        out.writeByte(extended ? RawSshPeer.CHANNEL_EXTENDED_DATA : RawSshPeer.CHANNEL_DATA).writeUint32(channel);
        if (extended) {
            out.writeUint32(2);
        }
        return out.writeString(new byte[length]).toByteArray();
    }

    private static SshTransport servedTransportOf(RawSshPeer peer) {
        return servedTransportOf(server, peer);
    }

    private static SshTransport servedTransportOf(TestServer by, RawSshPeer peer) {
        int port = peer.socket().getLocalPort();
        return by.served().stream()
                .filter(transport -> {
                    InetSocketAddress address = transport.getPeerName();
                    return address != null && address.getPort() == port;
                })
                .findFirst().orElseThrow(() -> new AssertionError("the server has no connection from port " + port));
    }
}
