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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
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
 * within the key's {@code no-port-forwarding}, {@code permitopen=} and {@code permitlisten=}.
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
    private Transport loggedIn(TcpForwarding forwarding, String options) throws Exception {
        KeyPair user = ApplianceFixture.generate();
        AuthorizedKeys keys = AuthorizedKeys.parse((options.isEmpty() ? "" : options + " ")
                + PublicKeyLine.of(user.getPublic(), "test").format() + "\n");
        Transport client = appliance.serve(keys, PasswordFile.load(directory.resolve("users.properties")),
                (channel, command, pty, env) -> { }, forwarding);
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
        Transport client = loggedIn(TcpForwarding.OFF, "");
        ChannelOpenException refused = assertThrows(ChannelOpenException.class, () -> openToTarget(client));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
    }

    @Test
    void localForwardingReachesTheTargetWhenAllowed() throws Exception {
        Transport client = loggedIn(TcpForwarding.parse("local", false, "any", "any"), "");
        assertEquals("target\n", firstLine(openToTarget(client)));
        // local only: no listening for this client
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
    }

    @Test
    void permitOpenNarrowsTheTargetsAndNoPortForwardingRefusesThemAll() throws Exception {
        int port = target.getLocalPort();
        Transport client = loggedIn(TcpForwarding.parse("yes", false, "any", "any"),
                "permitopen=\"127.0.0.1:" + port + "\"");
        assertEquals("target\n", firstLine(openToTarget(client)));
        ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip("localhost", port, new InetSocketAddress("127.0.0.1", 1)));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason(),
                "permitopen names hosts exactly, without lookups, as sshd");
        client.close();

        Transport denied = loggedIn(TcpForwarding.parse("yes", false, "any", "any"), "no-port-forwarding");
        assertThrows(ChannelOpenException.class, () -> openToTarget(denied));
        assertThrows(SshException.class, () -> denied.requestPortForward("localhost", 0));
    }

    @Test
    void remoteForwardingListensOnLoopbackWithinPermitListen() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        Transport client = loggedIn(TcpForwarding.parse("remote", false, "any", "any"),
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
        Transport client = loggedIn(TcpForwarding.parse("all", true, "any", "any"), "");
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 80));
        assertTrue(client.requestPortForward("localhost", 0) >= 1024);
    }

    @Test
    void anUnknownSettingIsRefusedWithTheValuesThatWork() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TcpForwarding.parse("sometimes", false, "any", "any"));
        assertTrue(refused.getMessage().contains("yes, all, local, remote or no"), refused.getMessage());
    }

    @Test
    void theServerWideListsNarrowWhatAnyKeyMayDo() throws Exception {
        int port = target.getLocalPort();
        Transport client = loggedIn(TcpForwarding.parse("yes", false, "127.0.0.1:" + port, "none"), "");
        assertEquals("target\n", firstLine(openToTarget(client)));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip("127.0.0.1", port == 65535 ? 1 : port + 1,
                        new InetSocketAddress("127.0.0.1", 1))).getReason());
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0), "permitListen none");
    }

    @Test
    void serverWideListsAreReadAsSshdReadsThem() {
        assertThrows(IllegalArgumentException.class, () -> TcpForwarding.parse("yes", false, "db", "any"),
                "an entry without a port");
        assertThrows(IllegalArgumentException.class, () -> TcpForwarding.parse("yes", false, "any db:5432", "any"));
        assertThrows(IllegalArgumentException.class, () -> TcpForwarding.parse("yes", false, "any", "70000"));
        TcpForwarding listed = TcpForwarding.parse("yes", false, "db:5432 [::1]:*", "8080 localhost:9090");
        assertTrue(listed.limits().permitsOpen("db", 5432) && listed.limits().permitsOpen("::1", 22));
        assertTrue(listed.limits().permitsListen("anything", 8080) && listed.limits().permitsListen("localhost", 9090));
        assertFalse(listed.limits().permitsOpen("db", 22) || listed.limits().permitsListen("localhost", 8081));
        assertFalse(TcpForwarding.parse("yes", false, "none", "any").local());
    }
}
