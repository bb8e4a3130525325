// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.Set;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's TCP forwarding: off unless {@code allowTcpForwarding} turns it on, and then
 * within the key's {@code no-port-forwarding}, {@code permitopen=} and {@code permitlisten=}; and
 * its Unix socket forwarding, off unless {@code allowStreamLocalForwarding} turns it on.
 */
@Timeout(60)
class ApplianceForwardingTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private ServerSocket target;

    @TempDir
    Path directory;

    @BeforeEach
    void startTarget() throws IOException {
        // answers each connection with one line, then closes it
        target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (true) {
                try (Socket connection = target.accept(); OutputStream out = connection.getOutputStream()) {
                    out.write("target\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        appliance.close();
        target.close();
    }

    /** A client logged in with a key whose authorized_keys line has {@code options}. */
    private Transport loggedIn(ForwardingSettings forwarding, String options) throws Exception {
        KeyPair user = ApplianceFixture.generate();
        AuthorizedKeys keys = AuthorizedKeys.parse((options.isEmpty() ? "" : options + " ")
                + PublicKeyLine.of(user.getPublic(), "test").format() + "\n");
        Transport client = appliance.serve(keys, PasswordFile.load(directory.resolve("users.properties")),
                (channel, command, pty, control, env, login) -> { }, forwarding);
        client.authPublickey("anyone", user);
        return client;
    }

    private Channel openToTarget(Transport client) throws IOException {
        return client.openDirectTcpip("127.0.0.1", target.getLocalPort(), new InetSocketAddress("127.0.0.1", 5555));
    }

    private static String firstLine(Channel channel) throws IOException {
        try (InputStream in = channel.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void forwardingIsOffByDefault() throws Exception {
        Transport client = loggedIn(ForwardingSettings.OFF, "");
        ChannelOpenException refused = assertThrows(ChannelOpenException.class, () -> openToTarget(client));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
    }

    @Test
    void localForwardingReachesTheTargetWhenAllowed() throws Exception {
        Transport client = loggedIn(ForwardingSettings.parse("local", false, "any", "any"), "");
        assertEquals("target\n", firstLine(openToTarget(client)));
        // local only: no listening for this client
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
    }

    @Test
    void permitOpenNarrowsTheTargetsAndNoPortForwardingRefusesThemAll() throws Exception {
        int port = target.getLocalPort();
        Transport client = loggedIn(ForwardingSettings.parse("yes", false, "any", "any"),
                "permitopen=\"127.0.0.1:" + port + "\"");
        assertEquals("target\n", firstLine(openToTarget(client)));
        ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip("localhost", port, new InetSocketAddress("127.0.0.1", 1)));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason(),
                "permitopen names hosts exactly, without lookups, as sshd");
        client.close();

        Transport denied = loggedIn(ForwardingSettings.parse("yes", false, "any", "any"), "no-port-forwarding");
        assertThrows(ChannelOpenException.class, () -> openToTarget(denied));
        assertThrows(SshException.class, () -> denied.requestPortForward("localhost", 0));
    }

    @Test
    void remoteForwardingListensOnLoopbackWithinPermitListen() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        Transport client = loggedIn(ForwardingSettings.parse("remote", false, "any", "any"),
                "permitlisten=\"" + free + "\"");
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", free == 65535 ? 1024 : free + 1));
        assertEquals(free, client.requestPortForward("", free));
        // gatewayPorts off: bound to loopback whatever was asked, so the port answers there
        client.setChannelHandler("forwarded-tcpip", channel -> channel.send("client\n".getBytes()));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), free)) {
            assertArrayEquals("client\n".getBytes(), socket.getInputStream().readAllBytes());
        }
        assertTrue(client.cancelPortForward("", free));
    }

    @Test
    void privilegedPortsAreNeverListenedOn() throws Exception {
        Transport client = loggedIn(ForwardingSettings.parse("all", true, "any", "any"), "");
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 80));
        assertTrue(client.requestPortForward("localhost", 0) >= 1024);
    }

    @Test
    void anUnknownSettingIsRefusedWithTheValuesThatWork() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ForwardingSettings.parse("sometimes", false, "any", "any"));
        assertTrue(refused.getMessage().contains("yes, all, local, remote or no"), refused.getMessage());
    }

    @Test
    void theServerWideListsNarrowWhatAnyKeyMayDo() throws Exception {
        int port = target.getLocalPort();
        Transport client = loggedIn(ForwardingSettings.parse("yes", false, "127.0.0.1:" + port, "none"), "");
        assertEquals("target\n", firstLine(openToTarget(client)));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip("127.0.0.1", port == 65535 ? 1 : port + 1,
                        new InetSocketAddress("127.0.0.1", 1))).getReason());
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0), "permitListen none");
    }

    @Test
    void serverWideListsAreReadAsSshdReadsThem() {
        assertThrows(IllegalArgumentException.class, () -> ForwardingSettings.parse("yes", false, "db", "any"),
                "an entry without a port");
        assertThrows(IllegalArgumentException.class, () -> ForwardingSettings.parse("yes", false, "any db:5432", "any"));
        assertThrows(IllegalArgumentException.class, () -> ForwardingSettings.parse("yes", false, "any", "70000"));
        ForwardingSettings listed = ForwardingSettings.parse("yes", false, "db:5432 [::1]:*", "8080 localhost:9090");
        assertTrue(listed.limits().permitsOpen("db", 5432) && listed.limits().permitsOpen("::1", 22));
        assertTrue(listed.limits().permitsListen("anything", 8080) && listed.limits().permitsListen("localhost", 9090));
        assertFalse(listed.limits().permitsOpen("db", 22) || listed.limits().permitsListen("localhost", 8081));
        assertFalse(ForwardingSettings.parse("yes", false, "none", "any").local());
    }

    /** A Unix socket in the test's directory that answers each connection with one line. */
    private Path unixTarget() throws IOException {
        Path path = directory.resolve("target.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor = new Thread(() -> {
            try (server) {
                while (true) {
                    try (SocketChannel connection = server.accept()) {
                        connection.write(ByteBuffer.wrap("unix target\n".getBytes(StandardCharsets.US_ASCII)));
                    }
                }
            } catch (IOException e) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return path;
    }

    @Test
    void unixSocketForwardingOnlyWhenAllowedAndNotForANoPortForwardingKey() throws Exception {
        Path socket = unixTarget();
        Transport off = loggedIn(ForwardingSettings.parse("yes", false, "any", "any"), "");
        assertThrows(ChannelOpenException.class, () -> off.openDirectStreamLocal(socket.toString()),
                "TCP forwarding does not allow Unix sockets");
        off.close();

        ForwardingSettings local = ForwardingSettings.OFF.withStreamLocal("local");
        Transport client = loggedIn(local, "");
        assertEquals("unix target\n", firstLine(client.openDirectStreamLocal(socket.toString())));
        assertThrows(SshException.class, () -> client.requestStreamLocalForward(directory.resolve("l.sock").toString()));
        assertThrows(ChannelOpenException.class, () -> openToTarget(client), "nor Unix sockets TCP");
        client.close();

        Transport denied = loggedIn(local, "no-port-forwarding");
        assertThrows(ChannelOpenException.class, () -> denied.openDirectStreamLocal(socket.toString()));
        denied.close();

        Transport remote = loggedIn(ForwardingSettings.OFF.withStreamLocal("remote"), "");
        Path listening = directory.resolve("listening.sock");
        remote.requestStreamLocalForward(listening.toString());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(listening));
        assertThrows(IllegalArgumentException.class, () -> ForwardingSettings.OFF.withStreamLocal("sometimes"));
    }
}

