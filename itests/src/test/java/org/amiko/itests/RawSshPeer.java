// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.amiko.AlgorithmFamily;
import org.amiko.jca.cipher.Aes128Ctr;
import org.amiko.jca.cipher.Aes128Gcm;
import org.amiko.jca.kex.Curve25519Sha256;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * An SSH client spoken by hand over a plain {@link Socket}, so a test can send what no well-behaved
 * client would: any bytes before or instead of the version line, any packet framing, any message in
 * any order, before or after a key exchange. It knows exactly one way to finish a key exchange:
 * {@code curve25519-sha256} (RFC 8731) with an {@code ssh-ed25519} host key, keys derived as RFC 4253
 * section 7.2 says, and {@code aes128-ctr} + {@code hmac-sha2-256} or {@code aes128-gcm@openssh.com}
 * framing from the amiko-jca algorithms used through their SPI. The host key signature is not
 * checked: the peer attacks a server it trusts, and wrong keys would show up as MAC failures anyway.
 *
 * <p>Every read waits at most {@link #READ_TIMEOUT}; a server that neither answers nor closes fails
 * the test instead of hanging it.
 */
final class RawSshPeer implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final String VERSION = "SSH-2.0-RawSshPeer_1.0";
    static final String STRICT_KEX_C = "kex-strict-c-v00@openssh.com";
    static final String STRICT_KEX_S = "kex-strict-s-v00@openssh.com";
    static final String CTR = "aes128-ctr";
    static final String GCM = "aes128-gcm@openssh.com";

    // message numbers (RFC 4250 section 4.1)
    static final int DISCONNECT = 1;
    static final int IGNORE = 2;
    static final int UNIMPLEMENTED = 3;
    static final int DEBUG = 4;
    static final int SERVICE_REQUEST = 5;
    static final int SERVICE_ACCEPT = 6;
    static final int EXT_INFO = 7;
    static final int KEXINIT = 20;
    static final int NEWKEYS = 21;
    static final int KEX_ECDH_INIT = 30;
    static final int KEX_ECDH_REPLY = 31;
    static final int KEX_DH_GEX_REQUEST = 34;
    static final int USERAUTH_REQUEST = 50;
    static final int USERAUTH_FAILURE = 51;
    static final int USERAUTH_SUCCESS = 52;
    static final int USERAUTH_BANNER = 53;
    static final int GLOBAL_REQUEST = 80;
    static final int REQUEST_FAILURE = 82;
    static final int CHANNEL_OPEN = 90;
    static final int CHANNEL_OPEN_CONFIRMATION = 91;
    static final int CHANNEL_OPEN_FAILURE = 92;
    static final int CHANNEL_DATA = 94;
    static final int CHANNEL_EXTENDED_DATA = 95;
    static final int CHANNEL_EOF = 96;
    static final int CHANNEL_CLOSE = 97;
    static final int PING = 192;
    static final int PONG = 193;

    /** A received SSH_MSG_DISCONNECT (RFC 4253 section 11.1). */
    record Disconnect(int reason, String description) {
        static Disconnect parse(byte[] payload) throws IOException {
            WireReader in = new WireReader(payload, 1, payload.length - 1);
            return new Disconnect(in.readUint32(), in.readUtf8());
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();

    private String serverVersion;
    private byte[] serverKexInit;
    private List<List<String>> serverLists;
    private byte[] clientKexInit;
    private KexOffer offer;
    private KexAlgorithm.ClientKex clientKex;
    private boolean strictKex;
    private boolean resetSendSequenceOnNewKeys = true;
    private byte[] sessionId;
    /** The host key blob of the first exchange. */
    private byte[] sessionHostKey;
    /** The extension names of the last EXT_INFO read (RFC 8308 section 2.3), in order. */
    private final List<String> extensions = new ArrayList<>();

    private PacketSealer sealer;
    private PacketOpener opener;
    private int sendSequence;
    private int receiveSequence;

    private RawSshPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects over loopback; nothing is sent yet. */
    static RawSshPeer connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects with a small receive buffer (set before connecting, so TCP advertises a small window). */
    static RawSshPeer connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            return new RawSshPeer(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    List<String> serverOffer(AlgorithmFamily family) {
        // name-lists in KEXINIT order: kex, host key, cipher c2s, cipher s2c, mac c2s, ...
        return serverLists.get(switch (family) {
            case KEX -> 0;
            case HOST_KEY -> 1;
            case CIPHER -> 2;
            case MAC -> 4;
            case COMPRESSION -> 6;
        });
    }

    boolean isStrictKex() {
        return strictKex;
    }

    /**
     * For the Terrapin tests: keep counting our outgoing sequence numbers across NEWKEYS, as a peer
     * without strict kex does (or as they end up after a man in the middle shifted them).
     */
    void keepSendSequenceOnNewKeys() {
        resetSendSequenceOnNewKeys = false;
    }

    // ---- version exchange and key exchange ----

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendVersion() throws IOException {
        sendRaw((VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the server's identification line; the server must send nothing before it. */
    String readServerVersion() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("server closed during the version exchange");
            }
            if (line.size() > 255) {
                throw new IOException("server version line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        serverVersion = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (!serverVersion.startsWith("SSH-2.0-")) {
            throw new IOException("not an SSH-2.0 server: " + serverVersion);
        }
        return serverVersion;
    }

    /** Sends our version and reads the server's version and its KEXINIT, which it sends unasked. */
    void exchangeVersions() throws IOException, GeneralSecurityException {
        sendVersion();
        readServerVersion();
        readServerKexInit();
    }

    void readServerKexInit() throws IOException, GeneralSecurityException {
        byte[] payload = readPacket();
        if (payload[0] != KEXINIT) {
            throw new IOException("expected the server's KEXINIT, got message " + (payload[0] & 0xff));
        }
        serverKexInit = payload;
        WireReader reader = new WireReader(payload, 17, payload.length - 17);
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lists.add(reader.readNameList());
        }
        serverLists = lists;
    }

    /** Sends our KEXINIT; strict kex is in force when both sides offer its marker. */
    void sendKexInit(KexOffer ours) throws IOException, GeneralSecurityException {
        offer = ours;
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        clientKexInit = ours.payload(cookie);
        strictKex = ours.kex().contains(STRICT_KEX_C) && serverOffer(AlgorithmFamily.KEX).contains(STRICT_KEX_S);
        send(clientKexInit);
    }

    /**
     * Sends a KEXINIT announcing a guessed first key exchange packet, then that guess: a
     * KEX_ECDH_INIT carrying {@code guess} (RFC 4253 section 7.1).
     */
    void sendKexInitWithGuess(KexOffer ours, byte[] guess) throws IOException, GeneralSecurityException {
        offer = ours;
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        clientKexInit = ours.payload(cookie, true);
        strictKex = ours.kex().contains(STRICT_KEX_C) && serverOffer(AlgorithmFamily.KEX).contains(STRICT_KEX_S);
        send(clientKexInit);
        send(new WireWriter(64).writeByte(KEX_ECDH_INIT).writeString(guess).toByteArray());
    }

    /** Sends SSH_MSG_KEX_ECDH_INIT with a fresh X25519 public value (RFC 8731 section 3). */
    void sendEcdhInit() throws IOException, GeneralSecurityException {
        clientKex = new Curve25519Sha256().newClient(random);
        send(new WireWriter(64).writeByte(KEX_ECDH_INIT).writeString(clientKex.publicValue()).toByteArray());
    }

    /**
     * Reads the server's reply and NEWKEYS, sends ours, and switches both directions to the new keys
     * (with strict kex, sequence numbers restart at zero, OpenSSH PROTOCOL section 1.10).
     */
    void finishKex() throws IOException, GeneralSecurityException {
        byte[] reply = readPacket();
        if (reply[0] != KEX_ECDH_REPLY) {
            throw new IOException("expected KEX_ECDH_REPLY, got message " + (reply[0] & 0xff) + describe(reply));
        }
        WireReader fields = new WireReader(reply, 1, reply.length - 1);
        byte[] hostKeyBlob = fields.readString();
        byte[] serverPublic = fields.readString();
        fields.readString(); // the signature: not checked, see the class comment
        byte[] sharedSecret = clientKex.decapsulate(serverPublic);
        WireWriter hashed = new WireWriter(2048).writeString(VERSION).writeString(serverVersion)
                .writeString(clientKexInit).writeString(serverKexInit).writeString(hostKeyBlob)
                .writeString(clientKex.publicValue()).writeString(serverPublic).writeBytes(sharedSecret);
        byte[] exchangeHash = MessageDigest.getInstance("SHA-256").digest(hashed.toByteArray());
        if (sessionId == null) {
            sessionId = exchangeHash;
            sessionHostKey = hostKeyBlob;
        }
        String cipherName = choose(offer.ciphers(), serverOffer(AlgorithmFamily.CIPHER));
        CipherAlgorithm cipher = cipher(cipherName);
        MacAlgorithm mac = cipher.isAuthenticated() ? null
                : mac(choose(offer.macs(), serverOffer(AlgorithmFamily.MAC)));
        PacketMac macC2S = mac == null ? null : mac.newMac(derive(sharedSecret, exchangeHash, 'E', mac.keyLength()));
        PacketMac macS2C = mac == null ? null : mac.newMac(derive(sharedSecret, exchangeHash, 'F', mac.keyLength()));
        PacketSealer newSealer = cipher.sealer(derive(sharedSecret, exchangeHash, 'C', cipher.keyLength()),
                derive(sharedSecret, exchangeHash, 'A', cipher.ivLength()), macC2S);
        PacketOpener newOpener = cipher.opener(derive(sharedSecret, exchangeHash, 'D', cipher.keyLength()),
                derive(sharedSecret, exchangeHash, 'B', cipher.ivLength()), macS2C);

        byte[] newKeys = readPacket();
        if (newKeys[0] != NEWKEYS) {
            throw new IOException("expected NEWKEYS, got message " + (newKeys[0] & 0xff));
        }
        opener = newOpener;
        if (strictKex) {
            receiveSequence = 0;
        }
        send(new byte[] {NEWKEYS});
        sealer = newSealer;
        if (strictKex && resetSendSequenceOnNewKeys) {
            sendSequence = 0;
        }
    }

    /** The whole key exchange with {@code ours}; afterwards every packet is encrypted. */
    void completeKex(KexOffer ours) throws IOException, GeneralSecurityException {
        exchangeVersions();
        sendKexInit(ours);
        sendEcdhInit();
        finishKex();
    }

    /** RFC 4253 section 7.2: {@code HASH(K || H || letter || session_id)}, extended by {@code HASH(K || H || K1..)}. */
    private byte[] derive(byte[] sharedSecret, byte[] exchangeHash, char letter, int length)
            throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(sharedSecret);
        digest.update(exchangeHash);
        digest.update((byte) letter);
        digest.update(sessionId);
        byte[] key = digest.digest();
        while (key.length < length) {
            digest.update(sharedSecret);
            digest.update(exchangeHash);
            digest.update(key);
            byte[] more = digest.digest();
            byte[] longer = Arrays.copyOf(key, key.length + more.length);
            System.arraycopy(more, 0, longer, key.length, more.length);
            key = longer;
        }
        return Arrays.copyOf(key, length);
    }

    private static String choose(List<String> client, List<String> server) throws IOException {
        return client.stream().filter(server::contains).findFirst()
                .orElseThrow(() -> new IOException("no common algorithm in " + client + " and " + server));
    }

    private static CipherAlgorithm cipher(String name) {
        return switch (name) {
            case CTR -> new Aes128Ctr();
            case GCM -> new Aes128Gcm();
            default -> throw new IllegalArgumentException("RawSshPeer cannot speak " + name);
        };
    }

    private static MacAlgorithm mac(String name) {
        if (!"hmac-sha2-256".equals(name)) {
            throw new IllegalArgumentException("RawSshPeer cannot speak " + name);
        }
        return new HmacSha2256();
    }

    // ---- user authentication and connection helpers ----

    /** Asks for ssh-userauth and logs in with a password; fails unless the server says SUCCESS. */
    void authenticate(String user, String password) throws IOException, GeneralSecurityException {
        requestUserauthService();
        sendPassword(user, password);
        expect(USERAUTH_SUCCESS);
    }

    /** SERVICE_REQUEST for ssh-userauth (RFC 4253 section 10), waiting for the accept. */
    void requestUserauthService() throws IOException, GeneralSecurityException {
        send(new WireWriter(32).writeByte(SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
        expect(SERVICE_ACCEPT);
    }

    void sendPassword(String user, String password) throws IOException, GeneralSecurityException {
        send(new WireWriter(128).writeByte(USERAUTH_REQUEST).writeString(user).writeString("ssh-connection")
                .writeString("password").writeBoolean(false).writeString(password).toByteArray());
    }

    /** The server host key blob of the first key exchange. */
    byte[] sessionHostKey() {
        return sessionHostKey.clone();
    }

    /**
     * A publickey query without signature (RFC 4252 section 7) in OpenSSH's host-bound form, which
     * names a server host key after the user's key (PROTOCOL section 3.1).
     */
    void sendHostBoundQuery(String user, String algorithm, byte[] keyBlob, byte[] hostKeyBlob)
            throws IOException, GeneralSecurityException {
        send(new WireWriter(256).writeByte(USERAUTH_REQUEST).writeString(user).writeString("ssh-connection")
                .writeString("publickey-hostbound-v00@openssh.com").writeBoolean(false).writeString(algorithm)
                .writeString(keyBlob).writeString(hostKeyBlob).toByteArray());
    }

    /** A CHANNEL_OPEN for a session channel (RFC 4254 section 6.1). */
    static byte[] sessionOpen(int senderChannel) {
        return new WireWriter(64).writeByte(CHANNEL_OPEN).writeString("session").writeUint32(senderChannel)
                .writeUint32(2 * 1024 * 1024).writeUint32(32 * 1024).toByteArray();
    }

    /** Reads messages, skipping transport noise (IGNORE, DEBUG, EXT_INFO, BANNER), until one of {@code type}. */
    byte[] expect(int type) throws IOException, GeneralSecurityException {
        byte[] payload = nextMessage();
        if ((payload[0] & 0xff) != type) {
            throw new IOException("expected message " + type + ", got " + (payload[0] & 0xff) + describe(payload));
        }
        return payload;
    }

    /**
     * The next message that is not transport noise, nor the server's host key announcement after
     * authentication (OpenSSH PROTOCOL section 2.5), which asks no reply and a client may ignore.
     */
    byte[] nextMessage() throws IOException, GeneralSecurityException {
        while (true) {
            byte[] payload = readPacket();
            int type = payload[0] & 0xff;
            if (type == EXT_INFO) {
                recordExtensions(payload);
            }
            if (type != IGNORE && type != DEBUG && type != EXT_INFO && type != USERAUTH_BANNER
                    && !isHostKeyAnnouncement(payload)) {
                return payload;
            }
        }
    }

    private void recordExtensions(byte[] payload) throws WireFormatException {
        WireReader fields = new WireReader(payload, 1, payload.length - 1);
        int count = fields.readUint32();
        extensions.clear();
        for (int i = 0; i < count; i++) {
            extensions.add(fields.readUtf8());
            fields.readString();
        }
    }

    /** The extensions the server's last EXT_INFO named, once a message after it was read. */
    List<String> extensions() {
        return List.copyOf(extensions);
    }

    private static boolean isHostKeyAnnouncement(byte[] payload) throws WireFormatException {
        return (payload[0] & 0xff) == GLOBAL_REQUEST
                && new WireReader(payload, 1, payload.length - 1).readUtf8().equals("hostkeys-00@openssh.com");
    }

    /**
     * Expects the server to send SSH_MSG_DISCONNECT as its next real message and then close the
     * connection.
     */
    Disconnect expectDisconnect() throws IOException, GeneralSecurityException {
        byte[] payload;
        try {
            payload = expect(DISCONNECT);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no DISCONNECT from the server within " + READ_TIMEOUT, e);
        }
        Disconnect disconnect = Disconnect.parse(payload);
        ServerClosure.await(socket, READ_TIMEOUT);
        return disconnect;
    }

    private static String describe(byte[] payload) {
        if (payload[0] == DISCONNECT) {
            try {
                return " " + Disconnect.parse(payload);
            } catch (IOException e) {
                return " (malformed DISCONNECT)";
            }
        }
        return "";
    }

    // ---- packets ----

    /** Frames, seals and sends one payload. */
    void send(byte[] payload) throws IOException, GeneralSecurityException {
        sendRaw(frame(payload, -1));
    }

    /**
     * Frames one payload as the next packet (RFC 4253 section 6) and advances the sequence number.
     *
     * @param paddingLengthOverride a {@code padding_length} byte to write instead of the true one
     *     (the MAC still covers it, so only the server's padding check can catch it), or -1
     */
    byte[] frame(byte[] payload, int paddingLengthOverride) throws GeneralSecurityException {
        return frame(payload, paddingLengthOverride < 0 ? null : packetLength -> paddingLengthOverride);
    }

    /**
     * As {@link #frame(byte[], int)}, the {@code padding_length} byte computed from the true
     * {@code packet_length} (null keeps the true padding length).
     */
    byte[] frame(byte[] payload, IntUnaryOperator paddingLength) throws GeneralSecurityException {
        int block = sealer == null ? 8 : sealer.blockSize();
        boolean lengthOutside = sealer != null && sealer.isLengthOutsidePadding();
        int trailer = sealer == null ? 0 : sealer.trailerLength();
        int aligned = (lengthOutside ? 0 : 4) + 1 + payload.length;
        int padding = block - aligned % block;
        if (padding < 4) {
            padding += block;
        }
        while (4 + 1 + payload.length + padding < 16) {
            padding += block;
        }
        int packetLength = 1 + payload.length + padding;
        byte[] packet = new byte[4 + packetLength + trailer];
        putInt(packet, 0, packetLength);
        packet[4] = (byte) (paddingLength == null ? padding : paddingLength.applyAsInt(packetLength));
        System.arraycopy(payload, 0, packet, 5, payload.length);
        byte[] filler = new byte[padding];
        random.nextBytes(filler);
        System.arraycopy(filler, 0, packet, 5 + payload.length, padding);
        if (sealer != null) {
            sealer.seal(sendSequence, packet, 0, 4 + packetLength);
        }
        sendSequence++;
        return packet;
    }

    /**
     * The start of a packet that claims {@code packet_length}, sealed with the current keys so the
     * server reads exactly that length once it decrypts (for aes-ctr the length is inside the first
     * encrypted block; for aes-gcm it travels in the clear). Nothing after it is needed: a server
     * must judge the length before waiting for, or allocating, the rest.
     */
    byte[] packetHead(int packetLength) throws GeneralSecurityException {
        if (sealer == null) {
            byte[] head = new byte[8];
            putInt(head, 0, packetLength);
            return head;
        }
        int sealed = (sealer.isLengthOutsidePadding() ? 4 : 0) + sealer.blockSize();
        byte[] head = new byte[sealed + sealer.trailerLength()];
        putInt(head, 0, packetLength);
        head[4] = 4;
        sealer.seal(sendSequence++, head, 0, sealed);
        return head;
    }

    /** Reads one packet and returns its payload, message number first. */
    byte[] readPacket() throws IOException, GeneralSecurityException {
        byte[] packet;
        int length;
        if (opener == null) {
            byte[] head = readFully(4);
            length = getInt(head, 0);
            checkLength(length);
            packet = new byte[4 + length];
            System.arraycopy(head, 0, packet, 0, 4);
            readFully(packet, 4, length);
        } else {
            int headLength = opener.lengthBlockSize();
            byte[] head = readFully(headLength);
            length = opener.packetLength(receiveSequence, head, 0);
            checkLength(length);
            packet = new byte[4 + length + opener.trailerLength()];
            System.arraycopy(head, 0, packet, 0, headLength);
            readFully(packet, headLength, packet.length - headLength);
            opener.open(receiveSequence, packet, 0, 4 + length);
        }
        receiveSequence++;
        int padding = packet[4] & 0xff;
        int payloadLength = length - 1 - padding;
        if (payloadLength < 1) {
            throw new IOException("server sent a packet with padding " + padding + " in " + length + " bytes");
        }
        return Arrays.copyOfRange(packet, 5, 5 + payloadLength);
    }

    private static void checkLength(int length) throws IOException {
        if (length < 5 || length > 1 << 20) {
            throw new IOException("server sent packet length " + Integer.toUnsignedString(length));
        }
    }

    private byte[] readFully(int count) throws IOException {
        byte[] bytes = new byte[count];
        readFully(bytes, 0, count);
        return bytes;
    }

    private void readFully(byte[] bytes, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            int read = in.read(bytes, offset + done, count - done);
            if (read < 0) {
                throw new EOFException("server closed the connection after " + done + " of " + count + " bytes");
            }
            done += read;
        }
    }

    static void putInt(byte[] array, int offset, int value) {
        array[offset] = (byte) (value >>> 24);
        array[offset + 1] = (byte) (value >>> 16);
        array[offset + 2] = (byte) (value >>> 8);
        array[offset + 3] = (byte) value;
    }

    static int getInt(byte[] array, int offset) {
        return ((array[offset] & 0xff) << 24) | ((array[offset + 1] & 0xff) << 16) | ((array[offset + 2] & 0xff) << 8)
                | (array[offset + 3] & 0xff);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
