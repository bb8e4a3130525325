// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.SshException;
import org.amiko.client.ConnectOptions;
import org.amiko.client.ExecResult;
import org.amiko.client.Forward;
import org.amiko.client.HostKeyPolicy;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.keys.KeyPairs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's ssh_config forwardings and environment against OpenSSH's sshd: a host's
 * {@code LocalForward}, {@code RemoteForward} (to a port and as a SOCKS proxy) and
 * {@code DynamicForward} carry connections once {@link SshClient#connect(String, SshConfig, ConnectOptions)}
 * returns; {@code ExitOnForwardFailure} decides whether one that cannot listen fails the
 * connection; {@code SetEnv} and {@code SendEnv} reach the command where sshd's {@code AcceptEnv}
 * takes them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SshClientForwardingTest {
    @TempDir
    static Path directory;

    private static OpenSshServer sshd;
    private static KeyPair user;
    private static TcpTarget echo;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        sshd = OpenSshServer.start(directory, List.of(user), "AllowTcpForwarding yes", "GatewayPorts no",
                "AcceptEnv A_* AMIKO_*");
        echo = TcpTarget.start(TcpTarget.Mode.ECHO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    /** The configuration of host {@code target}: sshd, then {@code lines}. */
    private static SshConfig config(String... lines) throws IOException {
        StringBuilder text = new StringBuilder("Host target\n  HostName 127.0.0.1\n  Port " + sshd.port()
                + "\n  User root\n  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking accept-new\n");
        for (String line : lines) {
            text.append("  ").append(line).append('\n');
        }
        SshConfig config = SshConfig.parse(text.toString());
        assertEquals(List.of(), config.problems());
        return config;
    }

    private static SshClient connect(SshConfig config) throws IOException {
        SshClient ssh = new SshClient().policy(HostKeyPolicy.REJECT);
        try {
            ssh.connect("target", config, ConnectOptions.keys(user));
            return ssh;
        } catch (IOException | RuntimeException e) {
            ssh.close();
            throw e;
        }
    }

    @Test
    void everyKindOfForwardingCarriesConnectionsOnceConnected() throws Exception {
        int local = OpenSshServer.freePort();
        int dynamic = OpenSshServer.freePort();
        SshConfig config = config("LocalForward " + local + " 127.0.0.1:" + echo.port(),
                "RemoteForward 0 127.0.0.1:" + echo.port(), "RemoteForward 0", "DynamicForward localhost:" + dynamic);
        try (SshClient ssh = connect(config)) {
            List<Forward> running = ssh.forwards();
            assertEquals(4, running.size(), running.toString());
            int remote = running.get(1).listenPort();
            int remoteSocks = running.get(2).listenPort();
            assertTrue(remote > 0 && remoteSocks > 0 && remote != remoteSocks, running.toString());
            assertEquals(Forward.Kind.REMOTE_DYNAMIC, running.get(2).kind());

            TcpTarget.assertEchoed(new InetSocketAddress("127.0.0.1", local), 256 * 1024);
            // sshd listens on its loopback for "localhost" (GatewayPorts no)
            TcpTarget.assertEchoed(new InetSocketAddress("127.0.0.1", remote), 256 * 1024);
            assertEchoedThroughSocks(new InetSocketAddress("127.0.0.1", dynamic));
            assertEchoedThroughSocks(new InetSocketAddress("127.0.0.1", remoteSocks));
        }
        // the listeners have stopped once close returns
        assertTrue(TcpTarget.refuses(new InetSocketAddress("127.0.0.1", local)), "still listening");
        assertTrue(TcpTarget.refuses(new InetSocketAddress("127.0.0.1", dynamic)), "still listening");
    }

    /**
     * LocalForward and DynamicForward on local Unix sockets, their paths' tokens expanded: made
     * for this account only, and removed when the connection ends.
     */
    @Test
    void localForwardingsListenOnUnixSocketsToo() throws Exception {
        Path forwarded = directory.resolve("forward-target.sock");
        Path socks = directory.resolve("socks-target.sock");
        SshConfig config = config("LocalForward " + directory + "/forward-%n.sock 127.0.0.1:" + echo.port(),
                "DynamicForward " + directory + "/socks-%n.sock");
        try (SshClient ssh = connect(config)) {
            assertEquals(List.of(forwarded.toString(), socks.toString()),
                    ssh.forwards().stream().map(Forward::listenPath).toList());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(forwarded)));
            try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(forwarded))) {
                socket.write(ByteBuffer.wrap("over a local unix socket".getBytes(StandardCharsets.US_ASCII)));
                socket.shutdownOutput();
                assertEquals("over a local unix socket", new String(Channels.newInputStream(socket).readAllBytes(),
                        StandardCharsets.US_ASCII));
            }
            try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(socks))) {
                // SOCKS5: no authentication, then CONNECT to the echo target by name
                ByteBuffer request = ByteBuffer.allocate(64).put(new byte[] {5, 1, 0, 5, 1, 0, 3, 9})
                        .put("localhost".getBytes(StandardCharsets.US_ASCII)).putShort((short) echo.port())
                        .put("socks".getBytes(StandardCharsets.US_ASCII)).flip();
                socket.write(request);
                socket.shutdownOutput();
                byte[] answer = Channels.newInputStream(socket).readAllBytes();
                assertEquals(0, answer[3], "CONNECT granted");
                assertEquals("socks", new String(answer, 12, answer.length - 12, StandardCharsets.US_ASCII));
            }
        }
        assertFalse(Files.exists(forwarded), "removed with the connection");
        assertFalse(Files.exists(socks), "removed with the connection");
    }

    /** A SOCKS5 client through {@code proxy} to the echo target, by name, as browsers ask. */
    private static void assertEchoedThroughSocks(InetSocketAddress proxy) throws IOException {
        byte[] data = "through socks".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy))) {
            socket.connect(InetSocketAddress.createUnresolved("localhost", echo.port()), 10_000);
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            assertArrayEquals(data, socket.getInputStream().readAllBytes());
        }
    }

    /**
     * A LocalForward whose port is taken: warned about and left out, the connection and the other
     * forwardings going on; under ExitOnForwardFailure, the connection fails and nothing it set up
     * stays listening.
     */
    @Test
    void exitOnForwardFailureDecidesWhetherATakenPortFailsTheConnection() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = OpenSshServer.freePort();
            String[] lines = {"LocalForward " + free + " 127.0.0.1:" + echo.port(),
                    "LocalForward " + taken.getLocalPort() + " 127.0.0.1:" + echo.port()};
            try (SshClient ssh = connect(config(lines))) {
                assertEquals(List.of(free), ssh.forwards().stream().map(Forward::listenPort).toList());
                TcpTarget.assertEchoed(new InetSocketAddress("127.0.0.1", free), 1000);
                assertEquals(0, ssh.exec("true").exitStatus());
            }
            assertTrue(TcpTarget.refuses(new InetSocketAddress("127.0.0.1", free)), "still listening");

            SshClient failing = new SshClient().policy(HostKeyPolicy.REJECT);
            SshException failed = assertThrows(SshException.class, () -> failing.connect("target",
                    config(lines[0], lines[1], "ExitOnForwardFailure yes"), ConnectOptions.keys(user)));
            assertTrue(failed.getMessage().contains("LocalForward " + taken.getLocalPort()), failed.getMessage());
            assertNull(failing.getTransport(), "not connected");
            assertTrue(TcpTarget.refuses(new InetSocketAddress("127.0.0.1", free)), "the first forwarding stopped");
            failing.close();
        }
    }

    /**
     * SendEnv's local variables and SetEnv's reach the command where sshd accepts them; one sshd
     * refuses is left out and the command still runs.
     */
    @Test
    void setEnvAndSendEnvReachTheCommand() throws Exception {
        assertEquals("sent by SendEnv", System.getenv("AMIKO_SENT"), "set by the itests' pom");
        SshConfig config = config("SetEnv A_ONE=1 \"A_TWO=two words\" B_REFUSED=x", "SendEnv AMIKO_* NO_SUCH_*");
        try (SshClient ssh = connect(config)) {
            ExecResult result = ssh.exec("printf '%s|%s|%s|%s' \"$A_ONE\" \"$A_TWO\" \"$B_REFUSED\" \"$AMIKO_SENT\"");
            String output = new String(result.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, result.exitStatus());
            assertEquals("1|two words||sent by SendEnv", output);
        }
    }
}
