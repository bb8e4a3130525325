// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.Prompt;
import org.amiko.DisconnectException;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.server.AuthResult;
import org.amiko.server.InteractiveQuery;
import org.amiko.server.PtyRequest;
import org.amiko.server.ServerInterface;
import org.amiko.server.X11Request;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.LogRecorder;
import org.amiko.testkit.Mutations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server given what a hostile or broken client sends once logged in, and the client given
 * what a hostile server sends: the connection protocol's messages (RFC 4254) and the few others
 * a logged-in peer may send, each cut short, with bytes changed, with lengths and counts turned
 * into extremes, or with junk after it, and message numbers nobody defined. Seeded, so a failure
 * can be replayed. After each message the connection must either still answer a round trip, or
 * have ended with a DISCONNECT that says what was wrong: never an "internal error" (an exception
 * the message's handling did not expect), never a hang, and nothing thrown on a thread or logged
 * with an unexpected exception.
 */
@Timeout(180)
class MutatedMessagesTest {
    /** Seeds run: a few in every build; {@code -Dhostile.seeds=500} for a long hunt. */
    private static final int SEEDS = Integer.getInteger("hostile.seeds", 6);
    private static final int MESSAGES_PER_SEED = 80;

    private SshServer server;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "probe");
        thread.setDaemon(true);
        return thread;
    });
    /** Thrown on a thread and not caught there. */
    private final List<String> uncaught = new CopyOnWriteArrayList<>();
    /** Everything logged: an unexpected exception in it is a handler's own fault. */
    private LogRecorder log;
    private KeyPair hostKey;
    private final Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        probes.shutdownNow();
        if (server != null) {
            server.closeAll();
        }
    }

    /**
     * A server that grants what a session asks for (a command ends at once, running nothing), so
     * that each request's handling runs to its end; other channel types and forwarding are refused.
     */
    private static final class Granting implements ServerInterface {
        @Override
        public AuthResult checkAuthNone(String username) {
            return AuthResult.SUCCESSFUL;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return type.equals("session") ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
            return true;
        }

        @Override
        public boolean checkChannelWindowChangeRequest(Channel channel, int columns, int rows, int widthPixels,
                int heightPixels) {
            return true;
        }

        @Override
        public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
            return true;
        }

        @Override
        public boolean checkChannelShellRequest(Channel channel) {
            return end(channel);
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            return end(channel);
        }

        @Override
        public boolean checkChannelForwardAgentRequest(Channel channel) {
            return true;
        }

        @Override
        public boolean checkChannelX11Request(Channel channel, X11Request request) {
            return true;
        }

        @Override
        public boolean checkChannelSignalRequest(Channel channel, String signal) {
            return true;
        }

        private static boolean end(Channel channel) {
            Thread ending = new Thread(() -> {
                try {
                    channel.sendExitStatus(0);
                    channel.close();
                } catch (IOException e) {
                    // the connection went first
                }
            });
            ending.setDaemon(true);
            ending.start();
            return true;
        }
    }

    /**
     * A server that offers every method a client can use without outside help and lets no one in:
     * each attempt is handled to its end (a keyboard-interactive login asks a question first).
     */
    private static final class Refusing implements ServerInterface {
        @Override
        public List<String> getAllowedAuths(String username) {
            return List.of("publickey", "password", "keyboard-interactive", "hostbased");
        }

        @Override
        public Optional<InteractiveQuery> checkAuthInteractive(String username, String submethods) {
            return Optional.of(new InteractiveQuery("", "", List.of(new Prompt("Code: ", false))));
        }
    }

    private Transport loggedIn() throws IOException {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authNone("anyone");
        client.openSession();
        return client;
    }

    @Test
    void whatAClientSendsIsAnsweredOrEndsTheConnectionWithAReason() throws Exception {
        start(new Granting());
        hostile(this::loggedIn, client -> client, MutatedMessagesTest::keepalive, MutatedMessagesTest::fromClient);
    }

    /** The other way round: the client library given what a hostile server sends once it is logged in. */
    @Test
    void whatAServerSendsIsAnsweredOrEndsTheConnectionWithAReason() throws Exception {
        start(new Granting());
        hostile(this::loggedIn, this::serverSideOf, MutatedMessagesTest::keepalive, MutatedMessagesTest::fromServer);
    }

    /**
     * Before login, where anyone may send anything: user authentication's messages (RFC 4252,
     * 4256, 4462, and hostbased) and the others a client may send then. The round trip is an
     * attempt with {@code none}, which the server answers with its methods.
     */
    @Test
    void whatAClientSendsBeforeLoginIsAnsweredOrEndsTheConnectionWithAReason() throws Exception {
        start(new Refusing());
        hostile(this::unauthenticated, client -> client, client -> {
            try {
                client.authNone("probe");
            } catch (AuthenticationException refused) {
                // the answer expected
            }
        }, MutatedMessagesTest::beforeLogin);
    }

    /** A loopback server deciding as {@code decisions} does, watched for what it throws and logs. */
    private void start(ServerInterface decisions) throws Exception {
        log = LogRecorder.start("");
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
        hostKey = EchoServers.hostKey();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .server(transport -> decisions).subsystem("sftp", (name, transport, channel) -> channel.close()).start();
    }

    /** Makes a client of the server, in the state the messages are sent in. */
    @FunctionalInterface
    private interface Connect {
        Transport client() throws IOException;
    }

    /** A round trip from the client that the server answers. */
    @FunctionalInterface
    private interface RoundTrip {
        void ask(Transport client) throws IOException;
    }

    private static void keepalive(Transport client) throws IOException {
        client.globalRequest("keepalive@openssh.com", new byte[0]);
    }

    /**
     * Sends each message from one end ({@code sender}: the client, or the server's end of its
     * connection, null once that has gone), then makes a round trip from the client: it is
     * answered, or the connection has ended with a reason.
     */
    private void hostile(Connect connect, Function<Transport, Transport> sender, RoundTrip ask,
            Function<Random, byte[]> templates) throws Exception {
        int ended = 0;
        int answered = 0;
        Transport client = connect.client();
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            for (int i = 0; i < MESSAGES_PER_SEED; i++) {
                byte[] message = Mutations.mutate(random, templates.apply(random), 1);
                String what = "seed " + seed + " message " + i + " " + describe(message);
                IOException failure;
                try {
                    // a server side already gone (it ended the connection at the previous message, and
                    // this client has not read its DISCONNECT yet) sends nothing; the round trip tells
                    Transport from = sender.apply(client);
                    if (from != null) {
                        ((SshTransport) from).session().send(message);
                    }
                    Transport probed = client;
                    roundTrip(what, () -> {
                        ask.ask(probed);
                        return null;
                    });
                    answered++;
                    continue;
                } catch (IOException e) {
                    // ended: by the server, or by this client at what the server answered or sent,
                    // perhaps at the previous message, after that one's round trip
                    failure = e;
                }
                ended += checkEnded(client, what, failure);
                client.close();
                client = connect.client();
            }
        }
        client.close();
        assertEquals(List.of(), uncaught);
        assertEquals(List.of(), log.unexpectedExceptions());
        // both outcomes came up, or the messages were not what a hostile peer sends
        assertTrue(answered > SEEDS * MESSAGES_PER_SEED / 10 && ended > SEEDS * MESSAGES_PER_SEED / 10,
                answered + " answered, " + ended + " ended");
    }

    /** A client past key exchange that has asked for user authentication once, and been refused. */
    private Transport unauthenticated() throws IOException {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        try {
            client.authNone("probe");
        } catch (AuthenticationException refused) {
            // the service is running: what follows reaches user authentication
        }
        return client;
    }

    /**
     * Runs a round trip, which must come back within 20 s: a hang is named by its message, where
     * the class's timeout would name nothing.
     *
     * @throws IOException the round trip's failure
     */
    private void roundTrip(String what, Callable<?> trip) throws Exception {
        Future<?> done = probes.submit(trip);
        try {
            done.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            throw new AssertionError(what + ": no answer within 20 s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * That {@code client}'s connection ended with a DISCONNECT naming the fault, not an internal
     * error; 1 for the count.
     */
    private static int checkEnded(Transport client, String what, IOException failure) throws Exception {
        // the connection layer may fail the round trip a moment before the transport has ended
        client.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SshException cause = ((SshTransport) client).session().engine().terminationCause();
        assertTrue(cause instanceof DisconnectException, what + ": ended without a DISCONNECT: " + cause
                + " (the round trip: " + failure + ")");
        String reason = ((DisconnectException) cause).getDescription();
        if (Boolean.getBoolean("hostile.verbose")) {
            System.out.println(what + " -> " + (((DisconnectException) cause).isLocal() ? "client: " : "server: ")
                    + reason);
        }
        assertTrue(!reason.startsWith("internal error"), what + ": " + cause);
        return 1;
    }

    /** A message a client may send before login, for user {@code pat}. */
    private static byte[] beforeLogin(Random random) {
        WireWriter out = new WireWriter(128);
        switch (random.nextInt(14)) {
            case 0 -> userauth(out, "none");
            case 1 -> userauth(out, "password").writeBoolean(false).writeString("secret");
            case 2 -> userauth(out, "password").writeBoolean(true).writeString("old").writeString("new");
            case 3 -> userauth(out, "publickey").writeBoolean(false).writeString("ssh-ed25519")
                    .writeString(hostKeyBlob(random));
            case 4 -> userauth(out, "publickey").writeBoolean(true).writeString("ssh-ed25519")
                    .writeString(hostKeyBlob(random)).writeString(new WireWriter(83).writeString("ssh-ed25519")
                            .writeString(Mutations.bytes(random, 64)).toByteArray());
            case 5 -> userauth(out, "publickey").writeBoolean(false).writeString("ssh-ed25519-cert-v01@openssh.com")
                    .writeString(new WireWriter(64).writeString("ssh-ed25519-cert-v01@openssh.com")
                            .writeString(Mutations.bytes(random, 32)).writeString(Mutations.bytes(random, 32)).toByteArray());
            case 6 -> userauth(out, "keyboard-interactive").writeString("").writeString("");
            case 7 -> out.writeByte(SshMessage.USERAUTH_INFO_RESPONSE).writeUint32(1).writeString("123456");
            case 8 -> userauth(out, "hostbased").writeString("ssh-ed25519").writeString(hostKeyBlob(random))
                    .writeString("client.example.").writeString("pat").writeString(Mutations.bytes(random, 83));
            case 9 -> userauth(out, "gssapi-with-mic").writeUint32(1).writeString(new byte[] {6, 9, 42, -122, 72,
                -122, -9, 18, 1, 2, 2});
            case 10 -> out.writeByte(SshMessage.USERAUTH_GSSAPI_TOKEN + random.nextInt(6)).writeString(Mutations.bytes(random, 40));
            case 11 -> out.writeByte(SshMessage.SERVICE_REQUEST).writeString(random.nextBoolean() ? "ssh-userauth"
                    : "ssh-connection");
            case 12 -> open(out, "session", 0);
            default -> {
                int[] numbers = {SshMessage.IGNORE, SshMessage.DEBUG, SshMessage.UNIMPLEMENTED, SshMessage.GLOBAL_REQUEST,
                    SshMessage.USERAUTH_SUCCESS, SshMessage.USERAUTH_FAILURE, 54, 59, 62, 67, 79, 99, 192, 255};
                out.writeByte(numbers[random.nextInt(numbers.length)]).writeBytes(Mutations.bytes(random, 24));
            }
        }
        return out.toByteArray();
    }

    private static WireWriter userauth(WireWriter out, String method) {
        return out.writeByte(SshMessage.USERAUTH_REQUEST).writeString("pat").writeString("ssh-connection")
                .writeString(method);
    }

    /** The server's end of {@code client}'s connection (the one whose peer is the client's address), or null once ended. */
    private Transport serverSideOf(Transport client) {
        InetSocketAddress local = client.getLocalName();
        return server.transports().stream().filter(Transport::isActive)
                .filter(transport -> local != null && local.equals(transport.getPeerName())).findFirst().orElse(null);
    }

    /** A message of the connection protocol as a server could send it, to channel 0 (the client's session). */
    private static byte[] fromServer(Random random) {
        int channel = random.nextInt(8) == 0 ? random.nextInt(4) : 0;
        WireWriter out = new WireWriter(64);
        switch (random.nextInt(20)) {
            case 0 -> request(out, random, channel, "exit-status").writeUint32(3);
            case 1 -> request(out, random, channel, "exit-signal").writeString("TERM").writeBoolean(false)
                    .writeString("terminated").writeString("");
            case 2 -> request(out, random, channel, "eow@openssh.com");
            case 3 -> request(out, random, channel, "keepalive@openssh.com");
            case 4 -> out.writeByte(SshMessage.CHANNEL_DATA).writeUint32(channel).writeString(Mutations.bytes(random, 64));
            case 5 -> out.writeByte(SshMessage.CHANNEL_EXTENDED_DATA).writeUint32(channel).writeUint32(1)
                    .writeString(Mutations.bytes(random, 64));
            case 6 -> out.writeByte(SshMessage.CHANNEL_WINDOW_ADJUST).writeUint32(channel).writeUint32(4096);
            case 7 -> out.writeByte(SshMessage.CHANNEL_EOF + random.nextInt(2)).writeUint32(channel);
            case 8 -> open(out, "forwarded-tcpip", 7).writeString("127.0.0.1").writeUint32(40000)
                    .writeString("127.0.0.1").writeUint32(50000);
            case 9 -> open(out, "x11", 8).writeString("127.0.0.1").writeUint32(50000);
            case 10 -> open(out, "auth-agent@openssh.com", 9);
            case 11 -> open(out, "forwarded-streamlocal@openssh.com", 10).writeString("/tmp/none").writeString("");
            case 12 -> global(out, "hostkeys-00@openssh.com").writeString(hostKeyBlob(random))
                    .writeString(Mutations.bytes(random, 40));
            case 13 -> out.writeByte(SshMessage.USERAUTH_BANNER).writeString("Welcome").writeString("");
            case 14 -> out.writeByte(SshMessage.EXT_INFO).writeUint32(2).writeString("server-sig-algs")
                    .writeString("ssh-ed25519,rsa-sha2-256").writeString("ping@openssh.com").writeString("0");
            case 15 -> out.writeByte(SshMessage.DEBUG).writeBoolean(true).writeString("debug").writeString("");
            case 16 -> out.writeByte(random.nextBoolean() ? SshMessage.CHANNEL_SUCCESS : SshMessage.CHANNEL_FAILURE)
                    .writeUint32(channel);
            case 17 -> out.writeByte(SshMessage.CHANNEL_OPEN_CONFIRMATION + random.nextInt(2)).writeUint32(channel)
                    .writeUint32(3).writeUint32(65536).writeUint32(32768);
            case 18 -> out.writeByte(SshMessage.PING + random.nextInt(2)).writeString(Mutations.bytes(random, 16));
            default -> {
                int[] numbers = {SshMessage.IGNORE, SshMessage.UNIMPLEMENTED, SshMessage.SERVICE_ACCEPT,
                    SshMessage.USERAUTH_SUCCESS, SshMessage.USERAUTH_FAILURE, SshMessage.USERAUTH_PK_OK,
                    SshMessage.REQUEST_SUCCESS, SshMessage.REQUEST_FAILURE, 8, 101, 127, 191, 255};
                out.writeByte(numbers[random.nextInt(numbers.length)]).writeBytes(Mutations.bytes(random, 24));
            }
        }
        return out.toByteArray();
    }

    /** An Ed25519 public key blob (RFC 8709), its key bytes random, as a host key update would carry one. */
    private static byte[] hostKeyBlob(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new WireWriter(51).writeString("ssh-ed25519").writeString(key).toByteArray();
    }

    /** A message of the connection protocol as a client could send it, to channel 0 (this session's, on the server). */
    private static byte[] fromClient(Random random) {
        int channel = random.nextInt(8) == 0 ? random.nextInt(4) : 0;
        WireWriter out = new WireWriter(64);
        switch (random.nextInt(24)) {
            case 0 -> request(out, random, channel, "pty-req").writeString("xterm").writeUint32(80).writeUint32(24)
                    .writeUint32(640).writeUint32(480).writeString(new byte[] {1, 0, 0, 0, 3, 53, 0, 0, 0, 0, 0});
            case 1 -> request(out, random, channel, "env").writeString("LANG").writeString("C.UTF-8");
            case 2 -> request(out, random, channel, "exec").writeString("echo hello");
            case 3 -> request(out, random, channel, "subsystem").writeString("sftp");
            case 4 -> request(out, random, channel, "window-change").writeUint32(100).writeUint32(30).writeUint32(0)
                    .writeUint32(0);
            case 5 -> request(out, random, channel, "signal").writeString("INT");
            case 6 -> request(out, random, channel, "x11-req").writeBoolean(false).writeString("MIT-MAGIC-COOKIE-1")
                    .writeString("0123456789abcdef0123456789abcdef").writeUint32(0);
            case 7 -> request(out, random, channel, "auth-agent-req@openssh.com");
            case 8 -> request(out, random, channel, "shell");
            case 9 -> request(out, random, channel, "break").writeUint32(500);
            case 10 -> out.writeByte(SshMessage.CHANNEL_DATA).writeUint32(channel).writeString(Mutations.bytes(random, 64));
            case 11 -> out.writeByte(SshMessage.CHANNEL_EXTENDED_DATA).writeUint32(channel).writeUint32(1)
                    .writeString(Mutations.bytes(random, 64));
            case 12 -> out.writeByte(SshMessage.CHANNEL_WINDOW_ADJUST).writeUint32(channel).writeUint32(4096);
            case 13 -> out.writeByte(SshMessage.CHANNEL_EOF).writeUint32(channel);
            case 14 -> out.writeByte(SshMessage.CHANNEL_CLOSE).writeUint32(channel);
            case 15 -> open(out, "session", 7);
            case 16 -> open(out, "direct-tcpip", 8).writeString("127.0.0.1").writeUint32(1).writeString("127.0.0.1")
                    .writeUint32(40000);
            case 17 -> open(out, "direct-streamlocal@openssh.com", 9).writeString("/tmp/none").writeString("")
                    .writeUint32(0);
            case 18 -> global(out, "tcpip-forward").writeString("127.0.0.1").writeUint32(0);
            case 19 -> global(out, "cancel-tcpip-forward").writeString("127.0.0.1").writeUint32(40000);
            case 20 -> global(out, "hostkeys-prove-00@openssh.com").writeString(Mutations.bytes(random, 40));
            case 21 -> out.writeByte(random.nextBoolean() ? SshMessage.CHANNEL_SUCCESS : SshMessage.CHANNEL_FAILURE)
                    .writeUint32(channel);
            case 22 -> out.writeByte(SshMessage.CHANNEL_OPEN_CONFIRMATION + random.nextInt(2)).writeUint32(channel)
                    .writeUint32(3).writeUint32(65536).writeUint32(32768);
            default -> {
                // a number of the connection layer or above, or one nobody defined: past the
                // transport's own (kex, newkeys), which this client's engine would not let pass
                int[] numbers = {SshMessage.IGNORE, SshMessage.DEBUG, SshMessage.UNIMPLEMENTED,
                    SshMessage.SERVICE_REQUEST, SshMessage.USERAUTH_REQUEST, SshMessage.REQUEST_SUCCESS,
                    SshMessage.REQUEST_FAILURE, 8, 57, 101, 127, 150, 191, 194, 255};
                out.writeByte(numbers[random.nextInt(numbers.length)]).writeBytes(Mutations.bytes(random, 24));
            }
        }
        return out.toByteArray();
    }

    /**
     * A channel request; one in four wants a reply, which this client's own channel, not knowing
     * the request, takes for a protocol error and ends the connection at.
     */
    private static WireWriter request(WireWriter out, Random random, int channel, String type) {
        return out.writeByte(SshMessage.CHANNEL_REQUEST).writeUint32(channel).writeString(type)
                .writeBoolean(random.nextInt(4) == 0);
    }

    private static WireWriter open(WireWriter out, String type, int sender) {
        return out.writeByte(SshMessage.CHANNEL_OPEN).writeString(type).writeUint32(sender).writeUint32(65536)
                .writeUint32(32768);
    }

    /** A global request wanting no reply: this client would take a reply it did not ask for as an error. */
    private static WireWriter global(WireWriter out, String name) {
        return out.writeByte(SshMessage.GLOBAL_REQUEST).writeString(name).writeBoolean(false);
    }

    /** The message number and its first bytes, printable, for a failure's message. */
    private static String describe(byte[] message) {
        StringBuilder text = new StringBuilder("type ").append(message[0] & 0xff).append(' ');
        for (int i = 1; i < Math.min(message.length, 48); i++) {
            int b = message[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
