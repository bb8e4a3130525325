// SPDX-License-Identifier: Apache-2.0
package org.amiko.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amiko.PublicKeySigner;
import org.amiko.SessionBinding;
import org.amiko.SshException;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PrivateKeyFields;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * A client of an ssh-agent (draft-miller-ssh-agent) over its Unix domain socket, usually
 * {@code $SSH_AUTH_SOCK}: lists identities and signs, with the {@code rsa-sha2-256/512} flags for
 * RSA keys (section 4.5.1). As a {@link PublicKeySigner} it authenticates a transport without the
 * private key ever entering this process. One request at a time.
 */
public final class AgentClient implements PublicKeySigner, AutoCloseable {
    static final int FAILURE = 5;
    static final int REQUEST_IDENTITIES = 11;
    static final int IDENTITIES_ANSWER = 12;
    static final int SIGN_REQUEST = 13;
    static final int SIGN_RESPONSE = 14;
    static final int SUCCESS = 6;
    static final int EXTENSION = 27;
    static final int EXTENSION_FAILURE = 28;
    static final int ADD_IDENTITY = 17;
    static final int ADD_ID_CONSTRAINED = 25;
    static final int CONSTRAIN_LIFETIME = 1;
    static final int CONSTRAIN_CONFIRM = 2;
    /** OpenSSH's binding of an agent connection to the session it serves (PROTOCOL.agent section 1). */
    static final String SESSION_BIND = "session-bind@openssh.com";
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    /** OpenSSH's agent refuses messages over 256 KiB; so do we. */
    static final int MAX_MESSAGE = 256 * 1024;
    private static final int MAX_IDENTITIES = 2048;

    private final SocketChannel socket;

    AgentClient(SocketChannel socket) {
        this.socket = socket;
    }

    /** Connects to the agent at {@code $SSH_AUTH_SOCK}. */
    public static AgentClient connect() throws IOException {
        String path = System.getenv("SSH_AUTH_SOCK");
        if (path == null || path.isEmpty()) {
            throw new SshException("no ssh-agent: SSH_AUTH_SOCK is not set");
        }
        return connect(Path.of(path));
    }

    /** Connects to the agent listening on {@code socketPath}. */
    public static AgentClient connect(Path socketPath) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException e) {
            channel.close();
            throw new SshException("cannot reach the ssh-agent at " + socketPath + ": " + e.getMessage(), e);
        }
        return new AgentClient(channel);
    }

    /** The keys the agent holds (SSH_AGENTC_REQUEST_IDENTITIES). */
    public synchronized List<AgentIdentity> identities() throws IOException {
        WireReader answer = request(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER);
        int count = answer.readUint32();
        if (count < 0 || count > MAX_IDENTITIES) {
            throw new SshException("agent announced " + Integer.toUnsignedString(count) + " identities");
        }
        List<AgentIdentity> identities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] blob = answer.readString();
            String comment = answer.readUtf8();
            PublicKey key;
            try {
                key = PublicKeyBlob.decode(blob);
            } catch (GeneralSecurityException e) {
                key = null;
            }
            identities.add(new AgentIdentity(key, blob, comment));
        }
        return identities;
    }

    /**
     * Asks the agent to sign (SSH_AGENTC_SIGN_REQUEST).
     *
     * @param algorithm the signature algorithm wanted; for RSA keys it selects the flag
     * @return the signature blob
     */
    @Override
    public synchronized byte[] sign(PublicKey key, String algorithm, byte[] data) throws IOException {
        byte[] blob;
        try {
            blob = PublicKeyBlob.encode(key);
        } catch (GeneralSecurityException e) {
            throw new SshException("the agent cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
        // a certificate signs as its key's plain algorithm (OpenSSH PROTOCOL.certkeys), which names the flag
        String plain = OpenSshCertificate.plainType(algorithm);
        int flags = switch (plain) {
            case "rsa-sha2-256" -> RSA_SHA2_256;
            case "rsa-sha2-512" -> RSA_SHA2_512;
            default -> 0;
        };
        byte[] message = new WireWriter(64 + blob.length + data.length).writeByte(SIGN_REQUEST).writeString(blob)
                .writeString(data).writeUint32(flags).toByteArray();
        WireReader answer = request(message, SIGN_RESPONSE);
        byte[] signature = answer.readString();
        String signedWith = new WireReader(signature).readUtf8();
        if (!signedWith.equals(plain)) {
            throw new SshException("the agent signed with " + PeerText.printable(signedWith, 64) + " instead of "
                    + plain);
        }
        return signature;
    }

    /**
     * Binds this agent connection to {@code binding}'s session ({@code session-bind@openssh.com},
     * PROTOCOL.agent section 1), as ssh does first on every agent connection: the agent then uses
     * keys added with destination constraints ({@code ssh-add -h}) only where they may go. With
     * {@code forwarding}, the connection carries a forwarded agent's requests from that server;
     * else it authenticates to it. An agent without the extension, or one that refuses it, answers
     * false, and ssh then goes on unbound too.
     *
     * @return whether the agent bound the connection
     */
    public synchronized boolean bindSession(SessionBinding binding, boolean forwarding) throws IOException {
        byte[] hostKey = binding.hostKey();
        byte[] sessionId = binding.sessionId();
        byte[] signature = binding.signature();
        byte[] message = new WireWriter(64 + hostKey.length + sessionId.length + signature.length).writeByte(EXTENSION)
                .writeString(SESSION_BIND).writeString(hostKey).writeString(sessionId).writeString(signature)
                .writeBoolean(forwarding).toByteArray();
        int type = exchange(message)[0] & 0xff;
        if (type == SUCCESS) {
            return true;
        }
        if (type == FAILURE || type == EXTENSION_FAILURE) {
            return false;
        }
        throw new SshException("the agent answered " + SESSION_BIND + " with message " + type);
    }

    /**
     * Gives the agent a key (SSH_AGENTC_ADD_IDENTITY, or ADD_ID_CONSTRAINED with constraints,
     * section 3.2), as {@code ssh-add} and ssh's {@code AddKeysToAgent} do: the private key goes
     * over the agent's socket, and is wiped here once sent.
     *
     * @param lifetime how long the agent keeps it (whole seconds; {@link Duration#ZERO} for ever)
     * @param confirm whether the agent asks its user before each use
     * @throws SshException if the agent refuses it
     * @since 1.2
     */
    public synchronized void add(KeyPair key, String comment, Duration lifetime, boolean confirm) throws IOException {
        byte[] fields;
        try {
            fields = PrivateKeyFields.encode(key, comment);
        } catch (InvalidKeyException e) {
            throw new SshException("the agent cannot take a " + key.getPrivate().getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
        boolean constrained = !lifetime.isZero() || confirm;
        WireWriter message = new WireWriter(16 + fields.length);
        try {
            message.writeByte(constrained ? ADD_ID_CONSTRAINED : ADD_IDENTITY).writeBytes(fields);
            if (!lifetime.isZero()) {
                message.writeByte(CONSTRAIN_LIFETIME).writeUint32((int) Math.min(lifetime.toSeconds(), 0xFFFFFFFFL));
            }
            if (confirm) {
                message.writeByte(CONSTRAIN_CONFIRM);
            }
            byte[] bytes = message.toByteArray();
            try {
                request(bytes, SUCCESS);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } finally {
            Arrays.fill(fields, (byte) 0);
            message.wipe();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private WireReader request(byte[] message, int expected) throws IOException {
        byte[] body = exchange(message);
        int type = body[0] & 0xff;
        if (type == FAILURE) {
            throw new SshException("the agent refused the request");
        }
        if (type != expected) {
            throw new SshException("the agent answered with message " + type + ", not " + expected);
        }
        return new WireReader(Arrays.copyOfRange(body, 1, body.length));
    }

    /** Sends one message and reads the answer, its type first; its length is checked before it is read. */
    private byte[] exchange(byte[] message) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(4 + message.length);
        out.putInt(message.length).put(message).flip();
        try {
            while (out.hasRemaining()) {
                socket.write(out);
            }
        } finally {
            Arrays.fill(out.array(), (byte) 0); // it may hold a private key being added
        }
        ByteBuffer header = readFully(4);
        int length = header.getInt();
        if (length < 1 || length > MAX_MESSAGE) {
            throw new SshException("agent sent a message of " + Integer.toUnsignedString(length) + " bytes");
        }
        return readFully(length).array();
    }

    private ByteBuffer readFully(int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                throw new SshException("the agent closed the connection");
            }
        }
        return buffer.flip();
    }
}
