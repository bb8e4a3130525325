// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.amiko.AlgorithmFamily;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every installed algorithm, one family at a time, through a complete handshake, payloads of many
 * sizes, a key re-exchange and more payloads, between two engines in memory. Cipher and MAC are
 * paired exhaustively, as their framings interact.
 */
class EnginePairTest {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();

    static List<KeyPair> hostKeys() throws GeneralSecurityException {
        List<KeyPair> keys = new ArrayList<>();
        keys.add(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            keys.add(generator.generateKeyPair());
        }
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        keys.add(rsa.generateKeyPair());
        return keys;
    }

    /**
     * Every key of {@link #hostKeys()} and its host certificate from a test authority, so that the
     * certificate types (OpenSSH PROTOCOL.certkeys) have a key to sign with too.
     */
    static List<KeyPair> hostKeysWithCertificates() throws GeneralSecurityException {
        List<KeyPair> plain = hostKeys();
        List<KeyPair> keys = new ArrayList<>(plain);
        KeyPair authority = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SshEd25519 signer = new SshEd25519();
        for (KeyPair key : plain) {
            OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.HOST, key.getPublic())
                    .principals(List.of("localhost")).sign(authority.getPublic(),
                            data -> signer.sign(authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
            keys.add(new KeyPair(certificate, key.getPrivate()));
        }
        return keys;
    }

    private static final List<KeyPair> HOST_KEYS;

    static {
        try {
            HOST_KEYS = hostKeysWithCertificates();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Arguments> suites() {
        List<Arguments> suites = new ArrayList<>();
        for (String kex : names(AlgorithmFamily.KEX)) {
            suites.add(Arguments.of(AlgorithmFamily.KEX, kex, null));
        }
        for (AlgorithmCatalog.Entry hostKey : CATALOG.entries(AlgorithmFamily.HOST_KEY)) {
            if (((org.amiko.spi.signature.SignatureAlgorithm) hostKey.implementation()).canSign()) {
                suites.add(Arguments.of(AlgorithmFamily.HOST_KEY, hostKey.name(), null));
            }
        }
        for (String cipher : names(AlgorithmFamily.CIPHER)) {
            for (String mac : names(AlgorithmFamily.MAC)) {
                suites.add(Arguments.of(AlgorithmFamily.CIPHER, cipher, mac));
            }
        }
        return suites.stream();
    }

    private static List<String> names(AlgorithmFamily family) {
        return CATALOG.entries(family).stream().map(AlgorithmCatalog.Entry::name).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("suites")
    void handshakeTrafficAndRekey(AlgorithmFamily family, String name, String mac) throws IOException {
        // the server offers everything installed, legacy included, so each client choice can win
        MemoryLink link = new MemoryLink(CATALOG, f -> f == family ? List.of(name)
                : f == AlgorithmFamily.MAC && mac != null ? List.of(mac) : null, EnginePairTest::names, HOST_KEYS);
        link.start();
        assertNull(link.client.terminated, () -> "client: " + link.client.terminated);
        assertNull(link.server.terminated, () -> "server: " + link.server.terminated);
        assertEquals(1, link.client.establishedCount);
        NegotiatedSuite suite = link.client.engine.suite();
        String negotiated = switch (family) {
            case KEX -> suite.kexName();
            case HOST_KEY -> suite.hostKeyName();
            default -> suite.clientToServer().cipherName();
        };
        assertEquals(name, negotiated);
        assertTrue(link.client.engine.isStrictKex());
        // the client asked for ssh-userauth with its NEWKEYS; the server accepted
        assertEquals(SshMessage.SERVICE_ACCEPT, link.client.delivered.get(0).type());

        exchangePayloads(link, 1);
        link.server.engine.requestRekey();
        link.pump();
        assertEquals(2, link.client.engine.completedExchanges());
        assertEquals(2, link.server.engine.completedExchanges());
        exchangePayloads(link, 2);
        assertNull(link.client.terminated);
        assertNull(link.server.terminated);
    }

    /** A peer's KEXINIT read before start() once made us send our KEXINIT ahead of our version line. */
    /**
     * RFC 8308 both ways: each side announced ext-info, so each sends one EXT_INFO after its first
     * NEWKEYS; the client's says it takes another during authentication (ext-info-in-auth).
     */
    @org.junit.jupiter.api.Test
    void eachSideSendsItsExtInfoOnce() {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.start();
        assertEquals(1, link.server.extInfos.size());
        assertEquals("0", new String(link.server.extInfos.get(0).get(ExtInfo.EXT_INFO_IN_AUTH),
                StandardCharsets.US_ASCII));
        assertEquals(Set.of(ExtInfo.EXT_INFO_IN_AUTH), link.server.extInfos.get(0).keySet());
        assertEquals(1, link.client.extInfos.size());
        assertTrue(link.client.extInfos.get(0).containsKey(ExtInfo.SERVER_SIG_ALGS));
    }

    @org.junit.jupiter.api.Test
    void versionLineLeadsEvenWhenThePeerSpeaksFirst() {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.server.engine.start();
        while (!link.server.outbox.isEmpty()) {
            MemoryLink.feed(link.client, link.server.outbox.poll());
        }
        byte[] first = link.client.outbox.peek();
        assertTrue(new String(first, StandardCharsets.US_ASCII).startsWith("SSH-2.0-"));
        link.client.engine.start();
        link.pump();
        assertNull(link.server.terminated);
        assertEquals(1, link.client.engine.completedExchanges());
    }

    /**
     * The server's share of an exchange (its key pair, the shared secret, the host-key signature)
     * is handed to {@link TransportEngine.Host#compute}, not done while the I/O thread reads: a
     * group-18 reply would stall every connection on that thread.
     */
    @org.junit.jupiter.api.Test
    void serverComputesItsReplyAwayFromTheReadingThread() {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.server.deferredWork = new ArrayList<>();
        link.start(); // moves bytes until nothing moves: the server holds the client's ECDH_INIT
        assertEquals(1, link.server.deferredWork.size());
        assertEquals(0, link.client.engine.completedExchanges());
        link.server.deferredWork.remove(0).run();
        link.pump();
        assertKeyed(link, 1);
    }

    /**
     * The client makes its key pair and checks the server's reply on a worker too; the server's
     * NEWKEYS and EXT_INFO, read in the same flight as the reply, wait unread until the keys they
     * need are derived.
     */
    @org.junit.jupiter.api.Test
    void clientComputesItsShareAwayFromTheReadingThreadAndHoldsWhatFollows() {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.client.deferredWork = new ArrayList<>();
        link.server.deferredWork = new ArrayList<>();
        link.start();
        assertEquals(1, link.client.deferredWork.size(), "the client's ephemeral key, on a worker");
        assertTrue(link.server.deferredWork.isEmpty(), "no INIT has gone out yet");
        link.client.deferredWork.remove(0).run();
        link.pump();
        link.server.deferredWork.remove(0).run();
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        link.server.outbox.forEach(flight::writeBytes); // the reply, NEWKEYS and EXT_INFO in one read
        link.server.outbox.clear();
        MemoryLink.feed(link.client, flight.toByteArray());
        assertEquals(1, link.client.deferredWork.size());
        assertTrue(link.client.holding);
        assertTrue(link.client.unread != null && link.client.unread.hasRemaining(), "NEWKEYS waits unread");
        link.client.deferredWork.remove(0).run();
        assertFalse(link.client.holding);
        link.pump();
        assertKeyed(link, 1);
    }

    /** Both sides have completed {@code exchanges} key exchanges and neither has stopped. */
    private static void assertKeyed(MemoryLink link, int exchanges) {
        assertEquals(exchanges, link.client.engine.completedExchanges());
        assertEquals(exchanges, link.server.engine.completedExchanges());
        assertNull(link.client.terminated, () -> "client: " + link.client.terminated);
        assertNull(link.server.terminated, () -> "server: " + link.server.terminated);
    }

    /** Work that fails on the worker, even with an unchecked exception, ends the connection. */
    @org.junit.jupiter.api.Test
    void replyThatFailsOnTheWorkerEndsTheConnection() {
        // the Ed25519 host key without its private half: signing the exchange hash throws
        List<KeyPair> broken = List.of(new KeyPair(HOST_KEYS.get(0).getPublic(), null));
        MemoryLink link = new MemoryLink(CATALOG, f -> f == AlgorithmFamily.HOST_KEY ? List.of("ssh-ed25519") : null,
                f -> null, broken);
        link.server.deferredWork = new ArrayList<>();
        link.start();
        link.server.deferredWork.remove(0).run();
        assertTrue(link.server.terminated instanceof DisconnectException, () -> "server: " + link.server.terminated);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, ((DisconnectException) link.server.terminated).getReason());
        assertTrue(link.server.terminated.getCause() instanceof NullPointerException);
    }

    /** Work that finishes after the connection ended sends nothing. */
    @org.junit.jupiter.api.Test
    void replyComputedAfterTheEndIsDropped() {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.server.deferredWork = new ArrayList<>();
        link.start();
        link.server.engine.connectionLost(new IOException("reset"));
        assertTrue(link.server.outbox.isEmpty());
        link.server.deferredWork.remove(0).run();
        assertTrue(link.server.outbox.isEmpty(), "nothing is sent after the end");
    }

    /** A peer that starts a key exchange and never finishes it cannot make us hold replies without bound. */
    @org.junit.jupiter.api.Test
    void heldMessagesOfAStalledKeyExchangeAreBounded() throws IOException {
        MemoryLink link = new MemoryLink(CATALOG, f -> null, f -> null, HOST_KEYS);
        link.start();
        link.server.engine.requestRekey(); // our KEXINIT is out; the client's answer never arrives
        byte[] reply = new byte[64 * 1024];
        reply[0] = (byte) SshMessage.CHANNEL_DATA;
        long held = 0;
        while (held + reply.length <= TransportEngine.MAX_HELD_BYTES) {
            link.server.engine.send(reply);
            held += reply.length;
        }
        assertNull(link.server.terminated, "up to the limit, messages wait for the exchange");
        DisconnectException stalled = assertThrows(DisconnectException.class, () -> link.server.engine.send(reply));
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, stalled.getReason());
        assertEquals(stalled, link.server.terminated);
        assertThrows(SshException.class, () -> link.server.engine.send(reply));
    }

    @org.junit.jupiter.api.Test
    void legacyAlgorithmsAreNotOfferedByDefault() {
        // a CTR cipher, so that a MAC has to be negotiated at all (AEAD ciphers need none)
        MemoryLink link = new MemoryLink(CATALOG, f -> f == AlgorithmFamily.MAC ? List.of("hmac-sha1")
                : f == AlgorithmFamily.CIPHER ? List.of("aes128-ctr") : null, f -> null, HOST_KEYS);
        link.start();
        assertTrue(link.client.terminated instanceof org.amiko.AlgorithmNegotiationException,
                () -> "client " + link.client.terminated + " / server " + link.server.terminated);
        org.amiko.AlgorithmNegotiationException refused =
                (org.amiko.AlgorithmNegotiationException) link.client.terminated;
        assertEquals(AlgorithmFamily.MAC, refused.getFamily());
        assertEquals(List.of("hmac-sha1"), refused.getOurs());
        assertTrue(!refused.getTheirs().contains("hmac-sha1") && refused.getTheirs().contains("hmac-sha2-256"),
                refused.getMessage());
    }

    /** 3des-cbc's 64-bit block gets new keys every GiB at most, whatever is configured (as OpenSSH). */
    @org.junit.jupiter.api.Test
    void smallBlockCipherCapsTheBytesUnderOneKey() {
        MemoryLink link = new MemoryLink(CATALOG, f -> f == AlgorithmFamily.CIPHER ? List.of("3des-cbc")
                : f == AlgorithmFamily.MAC ? List.of("hmac-sha2-256") : null, EnginePairTest::names, HOST_KEYS);
        link.start();
        NegotiatedSuite small = link.client.engine.suite();
        assertEquals("3des-cbc", small.clientToServer().cipherName());
        assertEquals(1L << 30, KexFlow.rekeyBytes(1L << 40, small));
        assertEquals(1L << 20, KexFlow.rekeyBytes(1L << 20, small), "a lower limit stays");

        MemoryLink aes = new MemoryLink(CATALOG, f -> f == AlgorithmFamily.CIPHER ? List.of("aes128-cbc")
                : f == AlgorithmFamily.MAC ? List.of("hmac-sha2-256") : null, EnginePairTest::names, HOST_KEYS);
        aes.start();
        assertEquals(1L << 40, KexFlow.rekeyBytes(1L << 40, aes.client.engine.suite()));
    }

    /**
     * Under CBC with a MAC over the plaintext, a garbage block costs its sender 256 KiB and more
     * before the disconnect (PacketReaderTest counts them); a peer that goes away before then ends
     * the connection as lost, with the failure that started the discard as its reason.
     */
    @org.junit.jupiter.api.Test
    void aPeerThatLeavesDuringACbcDiscardEndsWithTheFailureThatStartedIt() {
        MemoryLink link = new MemoryLink(CATALOG, f -> f == AlgorithmFamily.CIPHER ? List.of("aes128-cbc")
                : f == AlgorithmFamily.MAC ? List.of("hmac-sha2-256") : null, EnginePairTest::names, HOST_KEYS);
        link.start();
        assertEquals("aes128-cbc", link.server.engine.suite().clientToServer().cipherName());
        // one byte short of the largest packet and its MAC: whatever the first block decrypts to, a
        // length refused or one whose MAC then fails, the server is still dropping input, unless it
        // decrypts to exactly the largest length (one chance in 2^32)
        MemoryLink.feed(link.server, new byte[4 + 256 * 1024 + 32 - 1]);
        assertNull(link.server.terminated, "still dropping input");
        link.server.engine.connectionLost(new java.io.EOFException());
        DisconnectException ended = (DisconnectException) link.server.terminated;
        assertEquals(DisconnectReason.CONNECTION_LOST, ended.getReason());
        assertTrue(ended.getMessage().contains("while dropping the input after"), ended.getMessage());
        assertTrue(ended.getCause() instanceof DisconnectException, String.valueOf(ended.getCause()));
    }

    /** Sends payloads of awkward sizes both ways and checks they arrive intact and in order. */
    private static void exchangePayloads(MemoryLink link, long seed) {
        Random random = new Random(seed);
        List<byte[]> sent = new ArrayList<>();
        for (int size : new int[] {1, 2, 15, 16, 17, 31, 32, 33, 255, 256, 4095, 32768, 65536, 200_000}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            payload[0] = (byte) SshMessage.GLOBAL_REQUEST;
            sent.add(payload);
            try {
                link.client.engine.send(payload);
                link.server.engine.send(payload);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        int clientBefore = link.client.delivered.size();
        int serverBefore = link.server.delivered.size();
        link.pump();
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), link.server.delivered.get(serverBefore + i).payload());
            assertArrayEquals(sent.get(i), link.client.delivered.get(clientBefore + i).payload());
        }
    }
}
