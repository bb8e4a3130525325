// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.amiko.AlgorithmFamily;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireWriter;

/**
 * The key exchanges of one connection, the first and every re-exchange (RFC 4253 sections 7 to
 * 9): builds our KEXINIT from the catalog as it is at that moment, negotiates, drives one
 * {@link KeyExchange}, switches each direction's keys at its NEWKEYS, holds back the messages that
 * may not cross a key exchange, and keeps what the connection learns once: the session identifier,
 * the server's host key, whether strict key exchange (OpenSSH PROTOCOL section 1.10) and RFC 8308
 * extension negotiation are on. Decides when keys are due for renewal (bytes, packets, time, on
 * request). Runs under its {@link TransportEngine}'s lock.
 */
final class KexFlow {
    /** Rekey before a sequence number can wrap (RFC 4344 section 3.1 suggests 2^31 packets). */
    private static final long REKEY_PACKETS = 1L << 31;

    /**
     * Bytes under one key for a cipher with a 64-bit block ({@code 3des-cbc}), whatever the
     * configuration says: 2^27 blocks, as OpenSSH's {@code ssh_set_newkeys} allows such ciphers,
     * far below the 2^32 at which CBC's blocks start to collide (Sweet32).
     */
    static final long SMALL_BLOCK_REKEY_BYTES = 1L << 30;

    /** What the flow needs from its engine. */
    interface Link {
        /** Frames and sends a payload now. */
        void write(byte[] payload) throws IOException;

        /** Our NEWKEYS is out: senders held back may go on. */
        void outputReleased();

        String clientVersion();

        String serverVersion();

        /**
         * Runs {@code work} away from the I/O thread, for our share of an exchange: the client's
         * ephemeral key and INIT, the server's group (group exchange) and reply, the client's check
         * of the reply (a DH group-18 step costs milliseconds, every other connection on the loop
         * would wait). The work comes back through {@link #resume}.
         */
        void compute(Runnable work);

        /** Runs {@code step} under the engine's lock, unless the engine has stopped; a failure stops it. */
        void resume(KexStep step);
    }

    /** A step of the exchange that may fail. */
    interface KexStep {
        void run() throws IOException;
    }

    /** Our share of an exchange, computed on a worker. */
    private interface KexWork<T> {
        T compute() throws IOException;
    }

    /** What follows {@link KexWork}, under the engine's lock. */
    private interface KexNext<T> {
        void run(T result) throws IOException;
    }

    private final EngineConfig config;
    private final TransportEngine.Host host;
    private final PacketReader reader;
    private final PacketWriter writer;
    /** The engine's output lock, which guards {@link #writer}: channel data is sealed under it alone. */
    private final Lock output;
    private final Link link;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;

    private KeyExchange kex;
    private NegotiatedSuite suite;
    private byte[] sessionId;
    /** The host key blob of the first exchange, the one the session identifier binds. */
    private byte[] sessionHostKey;
    /** The first exchange's host signature over the session identifier (OpenSSH's agent session-bind). */
    private byte[] sessionSignature;
    private PublicKey firstServerKey;
    private boolean firstKexDone;
    private boolean firstNewKeysReceived;
    private boolean strictKex;
    private boolean peerWantsExtInfo;
    private boolean authenticated;
    private long keysSince;
    /** {@link EngineConfig#rekeyBytes()}, or less for the keys in use now when a cipher's block is small. */
    private long rekeyBytes = Long.MAX_VALUE;
    private int completedExchanges;
    private boolean rekeyAfterCurrent;
    private String rekeyReason;

    KexFlow(EngineConfig config, TransportEngine.Host host, PacketReader reader, PacketWriter writer, Lock output,
            Link link) {
        this.config = config;
        this.host = host;
        this.reader = reader;
        this.writer = writer;
        this.output = output;
        this.link = link;
    }

    // ---- state ----

    boolean inProgress() {
        return kex != null;
    }

    /** Whether a key exchange holds our non-kex messages back (our KEXINIT out, our NEWKEYS not). */
    boolean holdsOutput() {
        return kex != null && !kex.newKeysSent;
    }

    /** Keeps a message to send, in order, once our NEWKEYS is out. */
    void hold(byte[] payload) {
        held.add(payload);
        heldBytes += payload.length;
    }

    /** Bytes of the messages {@link #hold} keeps. */
    long heldBytes() {
        return heldBytes;
    }

    NegotiatedSuite suite() {
        return suite;
    }

    byte[] sessionId() {
        return sessionId;
    }

    /**
     * The server host key blob the first key exchange used: what {@code
     * publickey-hostbound-v00@openssh.com} binds a signature to (OpenSSH PROTOCOL section 3.1).
     */
    byte[] sessionHostKey() {
        return sessionHostKey;
    }

    /** The host's signature over the session identifier in the first key exchange, or null before it. */
    byte[] sessionSignature() {
        return sessionSignature;
    }

    /** Whether user authentication has succeeded (delayed compression has started with it). */
    boolean isAuthenticated() {
        return authenticated;
    }

    /** Server: whether the first EXT_INFO went out, so the extensions it announced hold. */
    boolean extInfoSent() {
        return !config.client() && peerWantsExtInfo && firstKexDone;
    }

    /** The first exchange's hash names the session for good (RFC 4253 section 7.2). */
    private void startSession() {
        if (sessionId == null) {
            sessionId = kex.exchangeHash;
            sessionHostKey = kex.hostKeyBlob;
            sessionSignature = kex.hostSignature;
        }
    }

    boolean isStrictKex() {
        return strictKex;
    }

    boolean isFirstKexDone() {
        return firstKexDone;
    }

    /** Whether the peer's first NEWKEYS has arrived (strict kex polices the peer until then). */
    boolean isFirstNewKeysReceived() {
        return firstNewKeysReceived;
    }

    int completedExchanges() {
        return completedExchanges;
    }

    /** Why a re-exchange was asked for, to name in a disconnect if it fails. */
    String rekeyReason() {
        return rekeyReason;
    }

    /**
     * Client: whether the engine must read nothing more for now: while its share is computed on a
     * worker. While the server's reply is being checked the new keys are not derived, and the
     * server's NEWKEYS, with everything after it under those keys, may already be in the same
     * read; while the INIT is made the server has nothing to send but key exchange messages.
     */
    boolean holdsInput() {
        return config.client() && kex != null && kex.state == KeyExchange.State.COMPUTING;
    }

    /** Client: whether the caller's verdict on the host key is awaited. */
    boolean awaitsVerdict() {
        return kex != null && kex.state == KeyExchange.State.AWAIT_VERDICT;
    }

    String negotiatedHostKeyName() {
        return kex == null || kex.suite == null ? null : kex.suite.hostKeyName();
    }

    /** Forgets the exchange under way and the held messages; the connection is over. */
    void abandon() {
        kex = null;
        held.clear();
        heldBytes = 0;
    }

    // ---- triggers ----

    /**
     * A re-exchange, now, or right after the one running. Should the peer and the new offer share
     * nothing, the disconnect names {@code reason}.
     */
    void requestRekey(String reason) throws IOException {
        rekeyReason = reason;
        if (kex == null && firstKexDone) {
            begin();
        } else {
            rekeyAfterCurrent = true;
        }
    }

    /** Bytes after which {@code suite}'s keys are due: {@code configured}, capped for a 64-bit block. */
    static long rekeyBytes(long configured, NegotiatedSuite suite) {
        int smallestBlock = Math.min(suite.clientToServer().cipher().blockSize(),
                suite.serverToClient().cipher().blockSize());
        return smallestBlock < 16 ? Math.min(configured, SMALL_BLOCK_REKEY_BYTES) : configured;
    }

    /** Starts a re-exchange when enough bytes, packets or time have gone by under the same keys. */
    void rekeyIfDue() throws IOException {
        if (kex != null || !firstKexDone) {
            return;
        }
        // the writer's counts are read without its lock, which a channel writer may hold
        long bytes = writer.bytesSinceKeys() + reader.bytesSinceKeys();
        boolean due = bytes >= rekeyBytes
                || writer.packetsSinceKeys() >= REKEY_PACKETS || reader.packetsSinceKeys() >= REKEY_PACKETS
                || System.nanoTime() - keysSince >= config.rekeyIntervalNanos();
        if (due) {
            begin();
        }
    }

    /**
     * Starts delayed compression at the packet boundary OpenSSH uses (packet.c
     * {@code ssh_packet_enable_delayed_compress}); later key exchanges start it at once.
     */
    void startDelayedCompression() {
        authenticated = true;
        output.lock();
        try {
            writer.startDelayedCompression();
        } finally {
            output.unlock();
        }
        reader.startDelayedCompression();
    }

    // ---- the exchange ----

    /** Sends our KEXINIT, built from the catalog as it is now (RFC 4253 section 7.1). */
    void begin() throws IOException {
        AlgorithmCatalog snapshot = config.offer().snapshot();
        List<String> kexNames = new ArrayList<>(config.offer().names(AlgorithmFamily.KEX, snapshot));
        if (!firstKexDone) {
            if (config.client()) {
                kexNames.add(Negotiator.EXT_INFO_C);
                kexNames.add(Negotiator.STRICT_KEX_C);
            } else {
                kexNames.add(Negotiator.EXT_INFO_S);
                kexNames.add(Negotiator.STRICT_KEX_S);
            }
        }
        List<String> hostKeyNames = config.offer().names(AlgorithmFamily.HOST_KEY, snapshot);
        if (!config.client()) {
            hostKeyNames = usableHostKeyAlgorithms(hostKeyNames, snapshot);
        }
        byte[] cookie = new byte[16];
        config.random().nextBytes(cookie);
        KexInit local = KexInit.create(cookie, kexNames, hostKeyNames,
                config.offer().names(AlgorithmFamily.CIPHER, snapshot),
                config.offer().names(AlgorithmFamily.MAC, snapshot),
                config.offer().names(AlgorithmFamily.COMPRESSION, snapshot));
        kex = new KeyExchange(local, snapshot, config.client());
        link.write(local.payload());
    }

    /** Server: only algorithms for which a host key is at hand can be offered. */
    private List<String> usableHostKeyAlgorithms(List<String> names, AlgorithmCatalog snapshot) {
        List<KeyPair> keys = config.hostKeys().get();
        List<String> usable = new ArrayList<>();
        for (String name : names) {
            SignatureAlgorithm algorithm = (SignatureAlgorithm) snapshot.find(AlgorithmFamily.HOST_KEY, name)
                    .map(AlgorithmCatalog.Entry::implementation).orElse(null);
            if (algorithm != null && algorithm.canSign()
                    && keys.stream().anyMatch(key -> algorithm.supports(key.getPublic()))) {
                usable.add(name);
            }
        }
        return usable;
    }

    void onKexInit(Packet packet) throws IOException {
        KexInit remote = KexInit.parse(packet);
        if (kex == null) {
            begin();
        } else if (kex.remote != null) {
            throw protocolError("second KEXINIT during one key exchange");
        }
        kex.remote = remote;
        KexInit clientInit = config.client() ? kex.local : remote;
        KexInit serverInit = config.client() ? remote : kex.local;
        if (!firstKexDone) {
            strictKex = clientInit.kex().contains(Negotiator.STRICT_KEX_C)
                    && serverInit.kex().contains(Negotiator.STRICT_KEX_S);
            if (strictKex && packet.sequence() != 0) {
                throw protocolError("strict key exchange: KEXINIT was not the first packet");
            }
            peerWantsExtInfo = remote.kex().contains(config.client() ? Negotiator.EXT_INFO_S : Negotiator.EXT_INFO_C);
        }
        kex.suite = Negotiator.negotiate(clientInit, serverInit, config.client(), kex.snapshot);
        kex.ignoreNextKexPacket = remote.firstKexPacketFollows() && Negotiator.isGuessWrong(clientInit, serverInit);
        if (config.client() && kex.isGroupExchange()) {
            link.write(kex.groupRequest());
        } else if (config.client()) {
            // the ephemeral key: a DH group-18 one costs milliseconds, which the I/O thread owes
            // every other connection on it
            sendInit(kex);
        } else {
            kex.state = kex.isGroupExchange() ? KeyExchange.State.AWAIT_REQUEST : KeyExchange.State.AWAIT_INIT;
        }
    }

    /** Messages 30-49: the exchange of the negotiated method. */
    void onMethodMessage(Packet packet) throws IOException {
        if (kex == null || kex.remote == null) {
            throw protocolError("key exchange message " + packet.type() + " outside a key exchange");
        }
        if (kex.ignoreNextKexPacket) {
            kex.ignoreNextKexPacket = false;
            return;
        }
        KeyExchange exchange = kex;
        String clientVersion = link.clientVersion();
        String serverVersion = link.serverVersion();
        byte[] id = sessionId;
        if (config.client() && packet.type() == SshMessage.KEX_DH_GEX_GROUP
                && exchange.state == KeyExchange.State.AWAIT_GROUP) {
            exchange.clientGroup(packet);
            // g^x in a group of up to 8192 bits, whose size the server chose: not on the I/O thread
            sendInit(exchange);
        } else if (!config.client() && packet.type() == SshMessage.KEX_DH_GEX_REQUEST
                && exchange.state == KeyExchange.State.AWAIT_REQUEST) {
            exchange.serverRequest(packet);
            computeThen(exchange, exchange::serverGroup, group -> {
                exchange.state = KeyExchange.State.AWAIT_INIT;
                link.write(group);
            });
        } else if (config.client() && packet.type() == exchange.replyType()
                && exchange.state == KeyExchange.State.AWAIT_REPLY) {
            KeyExchange.Reply reply = KeyExchange.Reply.parse(packet);
            computeThen(exchange, () -> exchange.clientReply(reply, clientVersion, serverVersion, id),
                    serverKey -> replyChecked(exchange, serverKey));
        } else if (!config.client() && packet.type() == exchange.initType()
                && exchange.state == KeyExchange.State.AWAIT_INIT) {
            byte[] clientPublic = packet.reader().readString();
            List<KeyPair> hostKeys = config.hostKeys().get();
            computeThen(exchange, () -> exchange.serverReply(clientPublic, clientVersion, serverVersion, hostKeys,
                    config.random(), id), reply -> {
                        link.write(reply);
                        exchange.prepareKeys();
                        sendNewKeys();
                    });
        } else {
            throw protocolError("unexpected key exchange message " + packet.type());
        }
    }

    /** Client: the ephemeral key (the INIT) computed on a worker, then sent; the reply is awaited. */
    private void sendInit(KeyExchange exchange) {
        computeThen(exchange, () -> exchange.initPayload(config.random()), init -> {
            exchange.state = KeyExchange.State.AWAIT_REPLY;
            link.write(init);
        });
    }

    /**
     * Puts {@code exchange} in {@link KeyExchange.State#COMPUTING}, runs {@code work} (which touches
     * only {@code exchange}) on a worker, then {@code next} under the engine's lock, unless the
     * exchange was abandoned meanwhile. A failure of the work, a plug-in's bug included, ends the
     * connection as it would on the I/O thread; left on the worker it would leave the exchange
     * waiting forever.
     */
    private <T> void computeThen(KeyExchange exchange, KexWork<T> work, KexNext<T> next) {
        exchange.state = KeyExchange.State.COMPUTING;
        link.compute(() -> {
            T result;
            try {
                result = work.compute();
            } catch (IOException | RuntimeException e) {
                link.resume(() -> {
                    throw e;
                });
                return;
            }
            link.resume(() -> {
                if (kex == exchange && exchange.state == KeyExchange.State.COMPUTING) {
                    next.run(result);
                }
            });
        });
    }

    /** Client: the server's reply checks out; derives the keys and asks for a verdict or sends NEWKEYS. */
    private void replyChecked(KeyExchange exchange, PublicKey serverKey) throws IOException {
        exchange.prepareKeys();
        if (firstServerKey == null) {
            exchange.state = KeyExchange.State.AWAIT_VERDICT;
            host.hostKeyReceived(exchange.suite.hostKey().keyType(), serverKey);
        } else if (!firstServerKey.equals(serverKey)) {
            throw new DisconnectException(DisconnectReason.HOST_KEY_NOT_VERIFIABLE,
                    "the host key changed during key re-exchange", true);
        } else {
            sendNewKeys();
        }
    }

    /** Client, first exchange: the caller trusts the host key; our NEWKEYS may go. */
    void hostKeyTrusted() throws IOException {
        firstServerKey = kex.serverKey;
        kex.state = KeyExchange.State.KEYS_READY;
        sendNewKeys();
    }

    void onNewKeys() throws IOException {
        if (kex == null || !kex.hasKeys() || kex.newKeysReceived) {
            throw protocolError("unexpected NEWKEYS");
        }
        startSession();
        NegotiatedSuite.Direction inbound = kex.inbound();
        reader.setOpener(kex.opener, KeyExchange.decompressor(inbound),
                inbound.compression() != null && inbound.compression().isDelayed() && !authenticated);
        if (strictKex) {
            reader.resetSequence();
        }
        kex.newKeysReceived = true;
        firstNewKeysReceived = true;
        if (kex.newKeysSent) {
            finish();
        }
    }

    private void sendNewKeys() throws IOException {
        NegotiatedSuite.Direction outbound = kex.outbound();
        output.lock();
        try {
            // nothing of ours between the NEWKEYS and the keys it announces
            link.write(new byte[] {SshMessage.NEWKEYS});
            writer.setSealer(kex.sealer, KeyExchange.compressor(outbound),
                    outbound.compression() != null && outbound.compression().isDelayed() && !authenticated);
            if (strictKex) {
                writer.resetSequence();
            }
        } finally {
            output.unlock();
        }
        kex.newKeysSent = true;
        boolean first = !firstKexDone;
        startSession();
        if (first && peerWantsExtInfo) {
            // RFC 8308 section 2.4: the first message after NEWKEYS, before the service request
            link.write(config.client() ? ExtInfo.clientExtensions()
                    : ExtInfo.serverExtensions(config.offer().publicKeyNames(kex.snapshot)));
        }
        if (first && config.client()) {
            // The client always wants user authentication next; asking now saves a round trip.
            link.write(new WireWriter(32).writeByte(SshMessage.SERVICE_REQUEST)
                    .writeString(TransportEngine.USERAUTH_SERVICE).toByteArray());
        }
        while (!held.isEmpty()) {
            link.write(held.poll());
        }
        heldBytes = 0;
        link.outputReleased();
        if (kex.newKeysReceived) {
            finish();
        }
    }

    private void finish() throws IOException {
        boolean first = !firstKexDone;
        completedExchanges++;
        suite = kex.suite;
        firstKexDone = true;
        kex = null;
        keysSince = System.nanoTime();
        rekeyBytes = rekeyBytes(config.rekeyBytes(), suite);
        host.keysEstablished(first);
        if (rekeyAfterCurrent) {
            // the reason asked for during this exchange belongs to the next one
            rekeyAfterCurrent = false;
            begin();
        } else {
            rekeyReason = null;
        }
    }

    private static DisconnectException protocolError(String message) {
        return new DisconnectException(DisconnectReason.PROTOCOL_ERROR, message, true);
    }
}
