// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.HostKeyException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.PacketMac;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * One key exchange, initial or re-exchange, in the KEM shape of OpenSSH's {@code kexgen.c}: the
 * client sends {@code SSH_MSG_KEX_ECDH_INIT} with its public value, the server answers with
 * {@code SSH_MSG_KEX_ECDH_REPLY} holding its host key, its public value and its signature over the
 * exchange hash (RFC 5656 section 4, RFC 8731 section 3; the same flow and numbers carry
 * Diffie-Hellman, RFC 4253 section 8). A group exchange (RFC 4419) first agrees on the group
 * ({@code SSH_MSG_KEY_DH_GEX_REQUEST} and {@code GROUP}), then runs the same flow in it under its
 * own numbers ({@code INIT} 32, {@code REPLY} 33), its hash also covering the request and the
 * group. Holds the per-exchange state; the engine sends the messages.
 */
final class KeyExchange {
    /** Where an exchange stands. */
    enum State {
        /** Our KEXINIT is sent; the peer's has not arrived. */
        AWAIT_KEXINIT,
        /** Client: a group exchange's request sent. */
        AWAIT_GROUP,
        /** Client: ECDH_INIT (or a group exchange's INIT) sent. */
        AWAIT_REPLY,
        /** Server: waiting for a group exchange's request. */
        AWAIT_REQUEST,
        /** Server: waiting for ECDH_INIT (or a group exchange's INIT). */
        AWAIT_INIT,
        /**
         * The peer's KEXINIT (client), ECDH_INIT (server) or ECDH_REPLY (client) is in, or a group
         * exchange's REQUEST (server) or GROUP (client); our share (the INIT, the reply, the check
         * of it, or the group) is being computed on a worker (see {@link KexFlow}).
         */
        COMPUTING,
        /** Client: the host key waits for the caller's verdict. */
        AWAIT_VERDICT,
        /** Keys are derived; NEWKEYS pending in one or both directions. */
        KEYS_READY
    }

    final KexInit local;
    final AlgorithmCatalog snapshot;
    final boolean client;
    KexInit remote;
    NegotiatedSuite suite;
    State state = State.AWAIT_KEXINIT;
    boolean ignoreNextKexPacket;
    boolean newKeysSent;
    boolean newKeysReceived;
    PublicKey serverKey;
    /** The server's host key as it went over the wire (K_S), once the reply is built or checked. */
    byte[] hostKeyBlob;
    byte[] exchangeHash;
    /** The server's signature over {@link #exchangeHash}, as it went over the wire, made or checked. */
    byte[] hostSignature;

    /** The new keys, ready once {@link #prepareKeys()} ran. */
    PacketSealer sealer;
    PacketOpener opener;

    private KexAlgorithm.ClientKex clientKex;
    private KeyDerivation derivation;
    /**
     * A group exchange's request and group as its hash covers them ({@code min || n || max || p ||
     * g}), once the group is set; null for other exchanges.
     */
    private byte[] groupFields;
    /** The exchange in the group a group exchange settled on; null for other exchanges. */
    private KexAlgorithm inGroup;
    /** A group exchange's request, as sent or received. */
    private GroupSizes request;

    KeyExchange(KexInit local, AlgorithmCatalog snapshot, boolean client) {
        this.local = local;
        this.snapshot = snapshot;
        this.client = client;
    }

    /**
     * Client: makes the ephemeral key and returns the {@code SSH_MSG_KEX_ECDH_INIT} (or group
     * exchange INIT) payload, leaving the state alone; touches only this exchange's own state, so
     * it runs on a worker.
     */
    byte[] initPayload(SecureRandom random) throws IOException {
        try {
            clientKex = method().newClient(random);
        } catch (GeneralSecurityException e) {
            throw failed("cannot start " + suite.kexName(), e);
        }
        return new WireWriter(128).writeByte(initType()).writeString(clientKex.publicValue()).toByteArray();
    }

    /** Whether the negotiated method is a group exchange, which agrees on its group first. */
    boolean isGroupExchange() {
        return suite.kex() instanceof GroupExchangeAlgorithm;
    }

    /** The exchange in KEM shape: the negotiated one, or a group exchange's in its group. */
    private KexAlgorithm method() {
        return inGroup == null ? suite.kex() : inGroup;
    }

    /** The message numbers of the exchange's INIT and REPLY. */
    int initType() {
        return inGroup == null ? SshMessage.KEX_ECDH_INIT : SshMessage.KEX_DH_GEX_INIT;
    }

    int replyType() {
        return inGroup == null ? SshMessage.KEX_ECDH_REPLY : SshMessage.KEX_DH_GEX_REPLY;
    }

    /** Client: the group exchange's request, sizes as {@link GroupSizes} chooses them. */
    byte[] groupRequest() {
        GroupSizes sizes = GroupSizes.forSuite(suite);
        request = sizes;
        state = State.AWAIT_GROUP;
        return new WireWriter(16).writeByte(SshMessage.KEX_DH_GEX_REQUEST).writeUint32(sizes.min())
                .writeUint32(sizes.preferred()).writeUint32(sizes.max()).toByteArray();
    }

    /**
     * Client: takes the group the server sent, whose prime must be as large as asked for (RFC 4419
     * section 3); the INIT in it is {@link #initPayload}'s, which the server's choice of size may
     * make costly.
     */
    void clientGroup(Packet packet) throws IOException {
        WireReader in = packet.reader();
        GroupExchangeAlgorithm.Group group = new GroupExchangeAlgorithm.Group(in.readMpint(), in.readMpint());
        int bits = group.prime().bitLength();
        if (bits < request.min() || bits > request.max()) {
            throw failed("the server's " + suite.kexName() + " group has a " + bits + "-bit prime; "
                    + request.min() + " to " + request.max() + " bits were asked for", null);
        }
        setGroup(group);
    }

    /**
     * Server: takes the group exchange's request. As sshd, the sizes must be in order
     * ({@code min <= n <= max}); the choice ({@link #serverGroup}) is then made within 2048 to
     * 8192 bits.
     */
    void serverRequest(Packet packet) throws IOException {
        WireReader in = packet.reader();
        request = new GroupSizes(in.readUint32(), in.readUint32(), in.readUint32());
    }

    /**
     * Server: the GROUP answering {@link #serverRequest}'s sizes. The plug-in may read its groups
     * from a file, so this runs on a worker; it touches only this exchange's own state.
     */
    byte[] serverGroup() throws IOException {
        GroupExchangeAlgorithm.Group group = request.chooseFrom((GroupExchangeAlgorithm) suite.kex());
        if (group == null) {
            throw failed("no " + suite.kexName() + " group for the request " + request, null);
        }
        setGroup(group);
        return new WireWriter(1100).writeByte(SshMessage.KEX_DH_GEX_GROUP).writeMpint(group.prime())
                .writeMpint(group.generator()).toByteArray();
    }

    private void setGroup(GroupExchangeAlgorithm.Group group) throws IOException {
        try {
            inGroup = ((GroupExchangeAlgorithm) suite.kex()).inGroup(group);
        } catch (GeneralSecurityException e) {
            throw failed("unusable " + suite.kexName() + " group", e);
        }
        groupFields = new WireWriter(1100).writeUint32(request.min()).writeUint32(request.preferred())
                .writeUint32(request.max()).writeMpint(group.prime()).writeMpint(group.generator()).toByteArray();
    }

    /** The fields of {@code SSH_MSG_KEX_ECDH_REPLY}, parsed where the packet is read. */
    record Reply(byte[] hostKeyBlob, byte[] serverPublic, byte[] signature) {
        static Reply parse(Packet packet) throws WireFormatException {
            WireReader in = packet.reader();
            return new Reply(in.readString(), in.readString(), in.readString());
        }
    }

    /**
     * Client: checks {@code SSH_MSG_KEX_ECDH_REPLY}: decodes the host key, computes the shared
     * secret and verifies the server's signature over the exchange hash. Touches only this
     * exchange's own state, so it may run on a worker while the engine holds its input.
     *
     * @return the server's host key, whose signature verified
     */
    PublicKey clientReply(Reply reply, String clientVersion, String serverVersion, byte[] sessionId) throws IOException {
        hostKeyBlob = reply.hostKeyBlob();
        byte[] serverPublic = reply.serverPublic();
        byte[] signature = reply.signature();
        try {
            serverKey = suite.hostKey().decodePublicKey(hostKeyBlob);
        } catch (GeneralSecurityException e) {
            throw failed("server sent an invalid " + suite.hostKeyName() + " host key", e);
        }
        byte[] sharedSecret;
        try {
            sharedSecret = clientKex.decapsulate(serverPublic);
        } catch (GeneralSecurityException e) {
            throw failed("server sent an invalid " + suite.kexName() + " public value", e);
        }
        exchangeHash = hash(clientVersion, serverVersion, hostKeyBlob, clientKex.publicValue(), serverPublic,
                sharedSecret);
        boolean valid;
        try {
            valid = suite.hostKey().verify(serverKey, exchangeHash, signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        hostSignature = signature;
        if (!valid) {
            Arrays.fill(sharedSecret, (byte) 0); // no key derivation will own it
            throw new DisconnectException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "the server's " + suite.hostKeyName() + " signature over the exchange hash does not verify", true,
                    new HostKeyException("bad host key signature"));
        }
        derivation = new KeyDerivation(suite.kex().digestAlgorithm(), sharedSecret, exchangeHash,
                sessionId == null ? exchangeHash : sessionId);
        return serverKey;
    }

    /**
     * Server: answers {@code SSH_MSG_KEX_ECDH_INIT}, whose public value is {@code clientPublic}, and
     * returns the {@code SSH_MSG_KEX_ECDH_REPLY} payload. Touches only this exchange's own state, so
     * it may run on a worker while the engine goes on reading.
     */
    byte[] serverReply(byte[] clientPublic, String clientVersion, String serverVersion, List<KeyPair> hostKeys,
            SecureRandom random, byte[] sessionId) throws IOException {
        KeyPair hostKey = null;
        for (KeyPair candidate : hostKeys) {
            if (suite.hostKey().supports(candidate.getPublic())) {
                hostKey = candidate;
                break;
            }
        }
        if (hostKey == null) {
            throw failed("no host key for " + suite.hostKeyName(), null);
        }
        try {
            KexAlgorithm.Encapsulation encapsulation = method().encapsulate(clientPublic, random);
            hostKeyBlob = suite.hostKey().encodePublicKey(hostKey.getPublic());
            exchangeHash = hash(clientVersion, serverVersion, hostKeyBlob, clientPublic,
                    encapsulation.serverPublic(), encapsulation.sharedSecret());
            byte[] signature = suite.hostKey().sign(hostKey.getPrivate(), exchangeHash, random);
            hostSignature = signature;
            derivation = new KeyDerivation(suite.kex().digestAlgorithm(), encapsulation.sharedSecret(),
                    exchangeHash, sessionId == null ? exchangeHash : sessionId);
            serverKey = hostKey.getPublic();
            return new WireWriter(1024).writeByte(replyType()).writeString(hostKeyBlob)
                    .writeString(encapsulation.serverPublic()).writeString(signature).toByteArray();
        } catch (GeneralSecurityException e) {
            throw failed("client sent an unusable " + suite.kexName() + " public value", e);
        }
    }

    /** The hash H of RFC 4253 section 8 / RFC 5656 section 4, or of RFC 4419 section 3 with the group's fields. */
    private byte[] hash(String clientVersion, String serverVersion, byte[] hostKeyBlob, byte[] clientPublic,
            byte[] serverPublic, byte[] sharedSecret) throws IOException {
        KexInit clientInit = client ? local : remote;
        KexInit serverInit = client ? remote : local;
        WireWriter data = new WireWriter(2048);
        data.writeString(clientVersion).writeString(serverVersion);
        data.writeString(clientInit.payload()).writeString(serverInit.payload());
        data.writeString(hostKeyBlob);
        if (groupFields != null) {
            data.writeBytes(groupFields);
        }
        data.writeString(clientPublic).writeString(serverPublic);
        data.writeBytes(sharedSecret);
        byte[] input = data.toByteArray(); // holds K like the writer's buffer: both are wiped
        try {
            return MessageDigest.getInstance(suite.kex().digestAlgorithm()).digest(input);
        } catch (GeneralSecurityException e) {
            throw failed("digest " + suite.kex().digestAlgorithm() + " unavailable", e);
        } finally {
            Arrays.fill(input, (byte) 0);
            data.wipe();
        }
    }

    /**
     * Derives both directions' keys at once, so the shared secret can be wiped straight after,
     * and moves to {@link State#KEYS_READY}.
     */
    void prepareKeys() throws IOException {
        try {
            sealer = newSealer();
            opener = newOpener();
        } finally {
            derivation.wipe();
        }
        state = State.KEYS_READY;
    }

    /** One direction's derived keys (RFC 4253 section 7.2 letters A-F). */
    private record DirectionKeys(NegotiatedSuite.Direction direction, byte[] key, byte[] iv, PacketMac mac) {}

    private DirectionKeys keys(boolean clientToServer) throws GeneralSecurityException {
        NegotiatedSuite.Direction direction = clientToServer ? suite.clientToServer() : suite.serverToClient();
        byte[] key = derivation.derive(clientToServer ? KeyDerivation.KEY_CLIENT_TO_SERVER
                : KeyDerivation.KEY_SERVER_TO_CLIENT, direction.cipher().keyLength());
        byte[] iv = derivation.derive(clientToServer ? KeyDerivation.IV_CLIENT_TO_SERVER
                : KeyDerivation.IV_SERVER_TO_CLIENT, direction.cipher().ivLength());
        PacketMac mac = mac(direction, clientToServer ? KeyDerivation.MAC_CLIENT_TO_SERVER
                : KeyDerivation.MAC_SERVER_TO_CLIENT);
        return new DirectionKeys(direction, key, iv, mac);
    }

    private PacketSealer newSealer() throws IOException {
        DirectionKeys keys = null;
        try {
            keys = keys(client);
            return keys.direction().cipher().sealer(keys.key(), keys.iv(), keys.mac());
        } catch (GeneralSecurityException e) {
            throw failed("cannot key " + outbound().describe(), e);
        } finally {
            wipe(keys);
        }
    }

    private PacketOpener newOpener() throws IOException {
        DirectionKeys keys = null;
        try {
            keys = keys(!client);
            return keys.direction().cipher().opener(keys.key(), keys.iv(), keys.mac());
        } catch (GeneralSecurityException e) {
            throw failed("cannot key " + inbound().describe(), e);
        } finally {
            wipe(keys);
        }
    }

    /** Cipher implementations keep what they need; our copies of the key bytes can go. */
    private static void wipe(DirectionKeys keys) {
        if (keys != null) {
            Arrays.fill(keys.key(), (byte) 0);
            Arrays.fill(keys.iv(), (byte) 0);
        }
    }

    private PacketMac mac(NegotiatedSuite.Direction direction, char letter) throws GeneralSecurityException {
        if (direction.mac() == null) {
            return null;
        }
        byte[] key = derivation.derive(letter, direction.mac().keyLength());
        try {
            return direction.mac().newMac(key);
        } finally {
            Arrays.fill(key, (byte) 0); // the MAC keeps its own copy (MacAlgorithm.newMac)
        }
    }

    /** The compression of the direction we send in (null for none). */
    NegotiatedSuite.Direction outbound() {
        return client ? suite.clientToServer() : suite.serverToClient();
    }

    NegotiatedSuite.Direction inbound() {
        return client ? suite.serverToClient() : suite.clientToServer();
    }

    static CompressionAlgorithm.Compressor compressor(NegotiatedSuite.Direction direction) {
        return direction.compression() == null ? null : direction.compression().newCompressor();
    }

    static CompressionAlgorithm.Decompressor decompressor(NegotiatedSuite.Direction direction) {
        return direction.compression() == null ? null : direction.compression().newDecompressor();
    }

    boolean hasKeys() {
        return state == State.KEYS_READY || state == State.AWAIT_VERDICT;
    }

    private static DisconnectException failed(String message, Throwable cause) {
        DisconnectException e = new DisconnectException(DisconnectReason.KEY_EXCHANGE_FAILED, message, true);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
