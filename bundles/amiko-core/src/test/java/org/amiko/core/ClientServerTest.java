// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.ExitSignal;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.Prompt;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.server.AuthResult;
import org.amiko.server.InteractiveQuery;
import org.amiko.server.PtyRequest;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Amiko client against the Amiko server over loopback: the paramiko-shaped API end to end,
 * with the server side played by a {@link ServerInterface} that records what it was asked.
 */
class ClientServerTest {
    private static final KeyPair HOST_KEY = ed25519();
    private static final KeyPair USER_KEY = ed25519();

    /** What the server saw, for assertions. */
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private SshServer server;
    private Transport client;

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the server gives every subsystem it starts, as a forced {@code internal-sftp -R} gives its options. */
    private volatile List<String> subsystemArguments = List.of();

    /** Password "pw" for anyone, USER_KEY for anyone, "two" needs key then password, "ki" uses prompts. */
    private final class Recording implements ServerInterface {
        private boolean keyDone;

        @Override
        public List<String> getSubsystemArguments(Channel channel, String name) {
            return subsystemArguments;
        }

        @Override
        public List<String> getAllowedAuths(String username) {
            return "two".equals(username) && keyDone ? List.of("password")
                    : List.of("publickey", "password", "keyboard-interactive");
        }

        @Override
        public String getBanner() {
            return "Authorized use only\n";
        }

        @Override
        public String getBanner(String username) {
            return "guest".equals(username) ? "Guests: read-only\n" : getBanner();
        }

        @Override
        public AuthResult checkAuthPassword(String username, String password) {
            if ("two".equals(username) && !keyDone) {
                return AuthResult.FAILED;
            }
            return "pw".equals(password) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public AuthResult checkAuthPublickey(String username, PublicKey key) {
            if (!key.equals(USER_KEY.getPublic())) {
                return AuthResult.FAILED;
            }
            if ("two".equals(username)) {
                keyDone = true;
                return AuthResult.PARTIALLY_SUCCESSFUL;
            }
            return AuthResult.SUCCESSFUL;
        }

        @Override
        public Optional<InteractiveQuery> checkAuthInteractive(String username, String submethods) {
            return Optional.of(new InteractiveQuery("login", "answer both",
                    List.of(new Prompt("Name: ", true), new Prompt("Secret: ", false))));
        }

        @Override
        public AuthResult checkAuthInteractiveResponse(String username, List<String> responses) {
            return responses.equals(List.of(username, "pw")) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.UNKNOWN_CHANNEL_TYPE;
        }

        @Override
        public boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
            events.add("pty " + request.term() + " " + request.columns() + "x" + request.rows());
            return true;
        }

        @Override
        public boolean checkChannelWindowChangeRequest(Channel channel, int columns, int rows, int w, int h) {
            events.add("resize " + columns + "x" + rows);
            return true;
        }

        @Override
        public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
            events.add("env " + name + "=" + value);
            return name.startsWith("LC_");
        }

        @Override
        public boolean checkChannelSignalRequest(Channel channel, String signal) {
            events.add("signal " + signal);
            return true;
        }

        @Override
        public boolean checkChannelShellRequest(Channel channel) {
            events.add("shell");
            return true;
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            events.add("exec " + command);
            return !command.equals("refuse");
        }

        @Override
        public Optional<byte[]> checkGlobalRequest(String name, byte[] data) {
            events.add("global " + name);
            if (name.equals("hold@test")) {
                // the connection's hook holds: nothing more comes from the server until released
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return name.equals("echo@test") ? Optional.of(data) : Optional.empty();
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(HOST_KEY))
                .settings(TransportSettings.builder().channelWindow(64 * 1024).build())
                .server(transport -> new Recording())
                .subsystem("upper", (name, transport, channel) -> {
                    byte[] all = channel.getInputStream().readAllBytes();
                    channel.getOutputStream().write(new String(all, StandardCharsets.UTF_8).toUpperCase()
                            .getBytes(StandardCharsets.UTF_8));
                    channel.sendExitStatus(0);
                })
                .subsystem("arguments", new SubsystemHandler() {
                    @Override
                    public void startSubsystem(String name, Transport transport, Channel channel) {
                        throw new AssertionError("a handler that takes arguments is started with them");
                    }

                    @Override
                    public void startSubsystem(String name, List<String> arguments, Transport transport,
                            Channel channel) throws IOException {
                        channel.getOutputStream().write(arguments.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }).start();
        client = Amiko.connect("127.0.0.1", server.address().getPort());
        client.startClient(HostKeyVerifier.exactly(HOST_KEY.getPublic()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.closeAll();
    }

    /** The server-side transport of the connection under test. */
    private Transport serverSide() {
        return server.transports().get(0);
    }

    private Channel acceptOnServer() throws Exception {
        return serverSide().accept(Duration.ofSeconds(10)).orElseThrow();
    }

    /** Both ends of a session channel on which alice runs {@code command}. */
    private record Exec(Channel client, Channel server) {}

    private Exec exec(String command) throws Exception {
        client.authPassword("alice", "pw");
        Channel channel = client.openSession();
        channel.exec(command);
        return new Exec(channel, acceptOnServer());
    }

    @Test
    void identityAndBanner() throws Exception {
        assertEquals(HOST_KEY.getPublic(), client.getRemoteServerKey());
        assertTrue(client.getRemoteVersion().startsWith("SSH-2.0-Amiko"));
        assertEquals(server.address().getPort(), client.getPeerName().getPort());
        // each end's own address is the other's peer address
        assertEquals(server.address().getPort(), serverSide().getLocalName().getPort());
        assertEquals(client.getLocalName(), serverSide().getPeerName());
        assertEquals(serverSide().getLocalName(), client.getPeerName());
        assertFalse(client.isAuthenticated());
        client.authPassword("alice", "pw");
        assertTrue(client.isAuthenticated());
        assertEquals("alice", client.getUsername());
        assertEquals("Authorized use only\n", client.getBanner());
        assertEquals("alice", serverSide().getUsername());
        assertEquals(HOST_KEY.getPublic(), serverSide().getServerKey());
    }

    /**
     * The banner is the named user's: sent again when a request names another user whose banner
     * differs (RFC 4252 section 5.4 allows one at any time before success), so naming another user
     * first does not pass a user's banner.
     */
    @Test
    void theBannerOfTheUserNamed() throws Exception {
        assertThrows(AuthenticationException.class, () -> client.authPassword("guest", "wrong"));
        assertThrows(AuthenticationException.class, () -> client.authPassword("bob", "wrong"));
        client.authPassword("alice", "pw");
        assertEquals("Guests: read-only\nAuthorized use only\n", client.getBanner(), "once each, in order");
    }

    /**
     * A connection gets at most 1024 authentication requests, as from sshd (auth2.c): publickey
     * queries the server answers with PK_OK are no failures, and would otherwise go on until the
     * login grace time.
     */
    @Test
    void atMost1024AuthenticationRequests() throws Exception {
        for (int i = 0; i < 1024; i++) {
            assertThrows(IOException.class, () -> client.authPublickey("alice", USER_KEY.getPublic(),
                    (key, algorithm, data) -> {
                        throw new IOException("declined");
                    }));
        }
        SshException ended = assertThrows(SshException.class, () -> client.authPassword("alice", "pw"));
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                ((DisconnectException) ended.getCause()).getReason(), ended::toString);
    }

    @Test
    void noneListsMethodsAndWrongPasswordFails() throws Exception {
        AuthenticationException none = assertThrows(AuthenticationException.class, () -> client.authNone("alice"));
        assertEquals(List.of("publickey", "password", "keyboard-interactive"), none.getAllowedMethods());
        assertThrows(AuthenticationException.class, () -> client.authPassword("alice", "wrong"));
        assertFalse(client.isAuthenticated());
        assertEquals(List.of(), client.authPublickey("alice", USER_KEY));
    }

    /**
     * The server's EXT_INFO offers OpenSSH's host-bound publickey (PROTOCOL section 3.1), so what the
     * client signs names this server's host key last; the server checks the signature over that.
     */
    @Test
    void publicKeySignaturesNameTheServersHostKey() throws Exception {
        SignatureAlgorithm ed25519 = (SignatureAlgorithm) Amiko.defaultCatalog()
                .find(AlgorithmFamily.HOST_KEY, "ssh-ed25519").orElseThrow().implementation();
        List<byte[]> signed = new ArrayList<>();
        client.authPublickey("alice", USER_KEY.getPublic(), (key, algorithm, data) -> {
            signed.add(data);
            try {
                return ed25519.sign(USER_KEY.getPrivate(), data, new SecureRandom());
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        });
        assertTrue(client.isAuthenticated());
        assertEquals(1, signed.size());
        WireReader in = new WireReader(signed.get(0));
        assertArrayEquals(((SshTransport) client).session().engine().sessionId(), in.readString());
        assertEquals(SshMessage.USERAUTH_REQUEST, in.readByte());
        assertEquals("alice", in.readUtf8());
        assertEquals("ssh-connection", in.readUtf8());
        assertEquals("publickey-hostbound-v00@openssh.com", in.readUtf8());
        assertTrue(in.readBoolean());
        assertEquals("ssh-ed25519", in.readUtf8());
        assertArrayEquals(ed25519.encodePublicKey(USER_KEY.getPublic()), in.readString());
        assertArrayEquals(ed25519.encodePublicKey(HOST_KEY.getPublic()), in.readString());
        assertTrue(in.isEmpty());
        assertEquals("publickey", ((SshTransport) serverSide()).authMethod());
    }

    @Test
    void partialSuccessReturnsTheMethodsLeft() throws Exception {
        assertEquals(List.of("password"), client.authPublickey("two", USER_KEY));
        assertFalse(client.isAuthenticated());
        assertEquals(List.of(), client.authPassword("two", "pw"));
        assertTrue(client.isAuthenticated());
    }

    @Test
    void keyboardInteractiveAnswersEveryPrompt() throws Exception {
        List<String> seen = new ArrayList<>();
        assertEquals(List.of(), client.authInteractive("bob", (name, instruction, prompts) -> {
            seen.add(name + "/" + instruction);
            prompts.forEach(prompt -> seen.add(prompt.text() + prompt.echo()));
            return List.of("bob", "pw");
        }));
        assertEquals(List.of("login/answer both", "Name: true", "Secret: false"), seen);
    }

    @Test
    void tooManyFailuresDisconnectAndChangingUserDoesNotReset() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThrows(AuthenticationException.class, () -> client.authPassword("user" + System.nanoTime(), "x"));
        }
        SshException last = assertThrows(SshException.class, () -> client.authPassword("other", "x"));
        DisconnectException cause = last instanceof DisconnectException d ? d : (DisconnectException) last.getCause();
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, cause.getReason());
        assertFalse(client.isActive());
    }

    @Test
    void sessionRequestsReachTheServerInOrder() throws Exception {
        client.authPassword("alice", "pw");
        Channel channel = client.openSession();
        channel.getPty("xterm", 120, 40, 0, 0, new byte[] {0});
        channel.setEnvironmentVariable("LC_ALL", "C");
        assertThrows(SshException.class, () -> channel.setEnvironmentVariable("PATH", "/evil"));
        channel.resizePty(100, 30, 0, 0);
        channel.invokeShell();
        channel.sendSignal("INT");
        Channel onServer = acceptOnServer();
        assertEquals("session", onServer.getType());
        assertEquals("pty xterm 120x40", events.poll(10, TimeUnit.SECONDS));
        assertEquals("env LC_ALL=C", events.poll(10, TimeUnit.SECONDS));
        assertEquals("env PATH=/evil", events.poll(10, TimeUnit.SECONDS));
        assertEquals("resize 100x30", events.poll(10, TimeUnit.SECONDS));
        assertEquals("shell", events.poll(10, TimeUnit.SECONDS));
        assertEquals("signal INT", events.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void refusedExecAndUnknownChannelTypeFailCleanly() throws Exception {
        client.authPassword("alice", "pw");
        Channel channel = client.openSession();
        assertThrows(SshException.class, () -> channel.exec("refuse"));
        ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                () -> client.openChannel("x11", new byte[0]));
        assertEquals(OpenChannelResult.UNKNOWN_CHANNEL_TYPE, refused.getReason());
        assertTrue(client.isActive());
    }

    @Test
    void dataEofExitStatusAndCloseInBothDirections() throws Exception {
        Exec exec = exec("work");
        Channel channel = exec.client();
        Channel onServer = exec.server();
        channel.getOutputStream().write("input".getBytes(StandardCharsets.UTF_8));
        channel.shutdownOutput();
        assertEquals("input", new String(onServer.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(onServer.isEofReceived());
        onServer.getOutputStream().write("out".getBytes(StandardCharsets.UTF_8));
        onServer.getExtendedOutputStream().write("err".getBytes(StandardCharsets.UTF_8));
        onServer.sendExitSignal(new ExitSignal("TERM", false, "terminated"));
        onServer.sendExitStatus(143);
        onServer.close();
        assertEquals("out", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("err", new String(channel.getExtendedInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(143, channel.recvExitStatus());
        assertEquals(Optional.of(new ExitSignal("TERM", false, "terminated")), channel.getExitSignal());
        channel.close();
        waitUntil(() -> channel.isClosed() && onServer.isClosed());
        assertThrows(SshException.class, () -> channel.getOutputStream().write(1));
    }

    /** whenClosed completes on the peer's CLOSE and, for another channel, when the connection ends. */
    @Test
    void whenClosedCompletesOnThePeersCloseAndOnALostConnection() throws Exception {
        Exec first = exec("first");
        CompletableFuture<Void> serverSees = first.server().whenClosed().toCompletableFuture();
        assertFalse(serverSees.isDone());
        first.client().close();
        serverSees.get(10, TimeUnit.SECONDS);
        assertTrue(first.server().isClosed());

        Channel second = client.openSession();
        second.exec("second");
        Channel secondOnServer = acceptOnServer();
        CompletableFuture<Void> clientSees = second.whenClosed().toCompletableFuture();
        CompletableFuture<Void> serverSeesLoss = secondOnServer.whenClosed().toCompletableFuture();
        assertFalse(clientSees.isDone());
        serverSide().close();
        clientSees.get(10, TimeUnit.SECONDS);
        serverSeesLoss.get(10, TimeUnit.SECONDS);
    }

    @Test
    void fastSenderNeverOverrunsSlowReader() throws Exception {
        Exec exec = exec("sink");
        Channel channel = exec.client();
        Channel onServer = exec.server();
        byte[] block = new byte[16 * 1024];
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (OutputStream out = channel.getOutputStream()) {
                for (int i = 0; i < 64; i++) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        // with nothing read, the writer stops at the server's 64 KiB window
        waitUntil(() -> written.get() >= 64 * 1024 && writer.getState() == Thread.State.WAITING);
        assertTrue(written.get() <= 64 * 1024 + block.length, "wrote " + written.get());
        assertTrue(onServer.getInputStream().available() <= 64 * 1024);
        InputStream in = onServer.getInputStream();
        long total = 0;
        byte[] buffer = new byte[8192];
        int count;
        while ((count = in.read(buffer)) >= 0) {
            total += count;
        }
        writer.join(10_000);
        assertEquals(64L * block.length, total);
    }

    /**
     * Bulk data arrives intact while the received packets' arrays are given back and filled again:
     * the server reads part with {@code read} in odd sizes and the rest with {@code transferTo}, and
     * every byte of 4 MiB of varied data matches, so no array is refilled while still queued.
     */
    @Test
    void bulkDataArrivesIntactThroughReusedPacketArrays() throws Exception {
        Exec exec = exec("sink");
        byte[] sent = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(sent);
        // written a full packet at a time, as OpenSSH sends bulk data, so that packets of one
        // length follow each other and their arrays are reused
        Thread writer = new Thread(() -> {
            try (OutputStream out = exec.client().getOutputStream()) {
                for (int offset = 0; offset < sent.length; offset += 32 * 1024) {
                    out.write(sent, offset, 32 * 1024);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        InputStream in = exec.server().getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[12_345];
        while (received.size() < sent.length / 2) {
            int count = in.read(buffer, 0, 1 + received.size() % buffer.length);
            received.write(buffer, 0, count);
        }
        in.transferTo(received);
        writer.join(10_000);
        assertArrayEquals(sent, received.toByteArray());
    }

    @Test
    void subsystemHandlerServesTheChannel() throws Exception {
        client.authPassword("alice", "pw");
        Channel channel = client.openSession();
        channel.invokeSubsystem("upper");
        channel.send("shout".getBytes(StandardCharsets.UTF_8));
        channel.shutdownOutput();
        assertEquals("SHOUT", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, channel.recvExitStatus());
        Channel other = client.openSession();
        assertThrows(SshException.class, () -> other.invokeSubsystem("sftp"));
    }

    /**
     * The server's arguments for a subsystem reach its handler; a handler that takes none refuses
     * them rather than serve as if they were not there (a read-only {@code -R} ignored).
     */
    @Test
    void subsystemArgumentsReachTheHandlerAndOneThatTakesNoneRefusesThem() throws Exception {
        client.authPassword("alice", "pw");
        Channel none = client.openSession();
        none.invokeSubsystem("arguments");
        assertEquals("[]", new String(none.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        subsystemArguments = List.of("-R", "-l", "INFO");
        Channel given = client.openSession();
        given.invokeSubsystem("arguments");
        assertEquals("[-R, -l, INFO]", new String(given.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, given.recvExitStatus());
        Channel refused = client.openSession();
        refused.invokeSubsystem("upper");
        refused.shutdownOutput();
        assertEquals(0, refused.getInputStream().readAllBytes().length);
        assertEquals(1, refused.recvExitStatus());
    }

    @Test
    void openFailureForAnOpenChannelEndsTheConnection() throws Exception {
        Channel onServer = exec("work").server();
        SshTransport served = (SshTransport) serverSide();
        // the server's own channel id, which its confirmation told the client: only a channel the
        // server opened and is still waiting for may be answered with a failure
        ((SshTransport) client).session().send(new WireWriter(32).writeByte(SshMessage.CHANNEL_OPEN_FAILURE)
                .writeUint32(onServer.getId()).writeUint32(2).writeString("late").writeString("").toByteArray());
        waitUntil(() -> !served.isActive());
        DisconnectException cause = (DisconnectException) served.session().engine().terminationCause();
        assertEquals(DisconnectReason.PROTOCOL_ERROR, cause.getReason());
        assertTrue(cause.getMessage().contains("not being opened"), cause.getMessage());
        // the handler reading the channel is woken, not left waiting for a channel nobody can reach
        assertThrows(IOException.class, () -> onServer.getInputStream().read());
    }

    /**
     * The I/O thread used to handle channel data inline while holding the engine's lock, and the
     * lookup of the channel takes the connection service's monitor, which a thread sending a global
     * request holds while it waits for the engine's lock: a deadlock of the whole loop. Here the
     * test holds that monitor while data arrives, and another thread must still be able to send.
     */
    @Test
    void channelDataIsHandledWithoutTheEngineLock() throws Exception {
        Exec exec = exec("work");
        Channel channel = exec.client();
        Channel onServer = exec.server();
        SshTransport served = (SshTransport) serverSide();
        Field field = SshTransport.class.getDeclaredField("connection");
        field.setAccessible(true);
        Object service = field.get(served);
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<?> sent;
            synchronized (service) {
                channel.getOutputStream().write(new byte[] {42});
                // the thread handling the data now waits for the monitor held here, in the channel
                // lookup: the server's loop thread, or its service thread when that had messages
                // queued ahead of the data (then the loop hands the data on)
                waitUntil(() -> Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> (t.getName().startsWith("amiko-io") || t.getName().startsWith("amiko-worker"))
                                && t.getState() == Thread.State.BLOCKED));
                sent = sender.submit(() -> {
                    served.sendIgnore(16);
                    return null;
                });
                sent.get(10, TimeUnit.SECONDS); // a TimeoutException here is the deadlock
            }
            assertEquals(42, onServer.getInputStream().read());
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void onlyOneShellExecOrSubsystemPerChannel() throws Exception {
        client.authPassword("alice", "pw");
        Channel channel = client.openSession();
        channel.exec("first");
        assertEquals("exec first", events.poll(10, TimeUnit.SECONDS));
        // refused before the hooks are asked, however many times the client tries
        assertThrows(SshException.class, () -> channel.exec("second"));
        assertThrows(SshException.class, channel::invokeShell);
        assertThrows(SshException.class, () -> channel.invokeSubsystem("upper"));
        channel.sendSignal("INT"); // other requests still reach the server, after the refused ones
        assertEquals("signal INT", events.poll(10, TimeUnit.SECONDS));
        // a refused request leaves the channel free for the next one
        Channel refused = client.openSession();
        assertThrows(SshException.class, () -> refused.exec("refuse"));
        assertEquals("exec refuse", events.poll(10, TimeUnit.SECONDS));
        refused.exec("then this");
        assertEquals("exec then this", events.poll(10, TimeUnit.SECONDS));
        assertTrue(client.isActive());
    }

    @Test
    void globalRequestsIgnoreKeepaliveAndRekey() throws Exception {
        client.authPassword("alice", "pw");
        assertArrayEquals(new byte[] {1, 2, 3}, client.globalRequest("echo@test", new byte[] {1, 2, 3}).orElseThrow());
        assertTrue(client.globalRequest("unknown@test", new byte[0]).isEmpty());
        client.sendIgnore(1000);
        client.renegotiateKeys();
        client.setKeepalive(Duration.ofSeconds(1));
        // the keepalive is a global request the server hook sees
        String event;
        do {
            event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "no keepalive within 10 s");
        } while (!event.equals("global keepalive@openssh.com"));
        assertTrue(client.isActive());
    }

    /** Released by the test that holds the server's global request hook, when it is done. */
    private final CountDownLatch held = new CountDownLatch(1);

    /**
     * A peer that goes silent is given up once the keepalives allowed have gone unanswered (ssh's
     * ServerAliveCountMax): one here; with none allowed, at the first silent interval.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void aSilentPeerIsGivenUpOnceTheKeepalivesAllowedGoUnanswered(int allowed) throws Exception {
        client.authPassword("alice", "pw");
        try {
            client.sendGlobalRequest("hold@test", new byte[0]);
            assertEquals("global hold@test", events.poll(10, TimeUnit.SECONDS));
            client.setKeepalive(Duration.ofSeconds(1), allowed);
            client.whenClosed().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            held.countDown();
        }
        DisconnectException cause = assertInstanceOf(DisconnectException.class,
                ((SshTransport) client).session().engine().terminationCause());
        assertEquals(DisconnectReason.CONNECTION_LOST, cause.getReason());
        assertTrue(cause.getMessage().contains(allowed == 1 ? "no answer to 1 keepalive" : "silent for 1 s"),
                cause.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.setKeepalive(Duration.ofSeconds(1), -1));
    }

    /**
     * OpenSSH's no-more-sessions@openssh.com (PROTOCOL section 2.2): once the client has said it, a
     * session open ends the connection, as sshd ends it; the session already open was fine.
     */
    @Test
    void aSessionOpenedAfterNoMoreSessionsEndsTheConnection() throws Exception {
        client.authPassword("alice", "pw");
        Channel first = client.openSession();
        first.exec("before");
        assertEquals("exec before", events.poll(10, TimeUnit.SECONDS));
        client.sendGlobalRequest("no-more-sessions@openssh.com", new byte[0]);
        assertThrows(IOException.class, client::openSession);
        waitUntil(() -> !client.isActive());
        SshException cause = ((SshTransport) client).session().engine().terminationCause();
        DisconnectException disconnect = assertInstanceOf(DisconnectException.class, cause);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, disconnect.getReason());
        assertFalse(disconnect.isLocal(), "the server ended it");
    }

    @Test
    void securityOptionsRejectUnknownNames() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> client.getSecurityOptions().setCiphers(List.of("aes128-ctr", "rot13")));
        assertTrue(unknown.getMessage().contains("rot13") && unknown.getMessage().contains("aes128-ctr"),
                unknown.getMessage());
        client.getSecurityOptions().setCiphers(List.of("aes256-ctr", "aes128-ctr"));
        assertEquals(List.of("aes256-ctr", "aes128-ctr"), client.getSecurityOptions().getCiphers());
        assertTrue(client.getSecurityOptions().available(AlgorithmFamily.MAC).stream()
                .anyMatch(info -> info.name().equals("hmac-sha1") && info.security().equals("legacy")));
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
