// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.StreamLocal;
import org.amiko.core.Amiko;
import org.junit.jupiter.api.Test;

/** OpenSSH's Unix socket forwarding (PROTOCOL section 2.4) between an Amiko client and server. */
class UnixSocketForwardingTest extends ForwardingFixture {
    @Test
    void aDirectStreamLocalChannelReachesTheUnixSocketThePolicyAllows() throws Exception {
        Path socketPath = directory.resolve("echo.sock");
        try (ServerSocketChannel unixEcho = unixEcho(socketPath)) {
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> client.openDirectStreamLocal(socketPath.toString()), "refused by default");
            assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());

            policy = socketsUnder(directory);
            Channel channel = client.openDirectStreamLocal(socketPath.toString());
            channel.send("over a unix socket".getBytes());
            channel.shutdownOutput();
            assertArrayEquals("over a unix socket".getBytes(), channel.getInputStream().readAllBytes());
            assertEquals(OpenChannelResult.CONNECT_FAILED, assertThrows(ChannelOpenException.class,
                    () -> client.openDirectStreamLocal(directory.resolve("none.sock").toString())).getReason());
        }
    }

    @Test
    void aStreamLocalForwardListensOnASocketForThisAccountOnlyUntilCancelled() throws Exception {
        policy = socketsUnder(directory);
        client.setChannelHandler(StreamLocal.FORWARDED, channel -> channel.send("from the client".getBytes()));
        String path = directory.resolve("remote.sock").toString();
        client.requestStreamLocalForward(path);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (socket.read(buffer) >= 0) {
                assertTrue(buffer.hasRemaining());
            }
            assertEquals("from the client", new String(buffer.array(), 0, buffer.position()));
        }
        assertThrows(SshException.class, () -> client.requestStreamLocalForward(path), "already listening there");
        assertTrue(client.cancelStreamLocalForward(path));
        assertFalse(Files.exists(Path.of(path)), "the socket goes with the listening");
        assertThrows(SshException.class,
                () -> client.requestStreamLocalForward(directory.resolve("../outside.sock").normalize().toString()));
        // a path's text cannot lead the policy astray: .. and relative paths are refused before it is asked
        assertThrows(SshException.class,
                () -> client.requestStreamLocalForward(directory + "/../" + directory.getFileName() + "/climbed.sock"));
        assertThrows(SshException.class, () -> client.requestStreamLocalForward("relative.sock"));
        ChannelOpenException climbed = assertThrows(ChannelOpenException.class,
                () -> client.openDirectStreamLocal(directory + "/../" + directory.getFileName() + "/remote.sock"));
        assertEquals(OpenChannelResult.CONNECT_FAILED, climbed.getReason());
    }

    @Test
    void theClientsForwardingsReachAndServeUnixSockets() throws Exception {
        policy = socketsUnder(directory);
        Path serverSide = directory.resolve("target.sock");
        try (ServerSocketChannel unixEcho = unixEcho(serverSide);
                LocalPortForwarding local = LocalPortForwarding.startToSocket(client,
                        new InetSocketAddress(LOOPBACK, 0), serverSide.toString())) {
            byte[] data = new byte[700 * 1024];
            new Random(5).nextBytes(data);
            assertArrayEquals(data, roundTrip(local.localAddress(), data));
        }
        RemotePortForwarding remote = RemotePortForwarding.on(client);
        Path listened = directory.resolve("listened.sock");
        remote.forwardSocket(listened.toString(), new InetSocketAddress(LOOPBACK, echo.port()));
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(listened))) {
            socket.write(ByteBuffer.wrap("to the client's target".getBytes()));
            socket.shutdownOutput();
            ByteBuffer back = ByteBuffer.allocate(64);
            while (back.hasRemaining() && socket.read(back) >= 0) {
                // until the echo ends
            }
            assertEquals("to the client's target", new String(back.array(), 0, back.position()));
        }
        assertTrue(remote.cancelSocket(listened.toString()));
        remote.close();
    }

    /**
     * A local forwarding and a SOCKS proxy listening on Unix sockets ({@code ssh -L /path:host:port},
     * {@code ssh -D /path}): for this account only, never over a file already there, removed on close.
     */
    @Test
    void localListenersOnUnixSocketsAreThisAccountsAndGoWithTheForwarding() throws Exception {
        policy = allowAll();
        Path forwarded = directory.resolve("local.sock");
        Path socks = directory.resolve("socks.sock");
        try (LocalPortForwarding local = LocalPortForwarding.start(client, UnixDomainSocketAddress.of(forwarded),
                LOOPBACK, echo.port());
                DynamicPortForwarding dynamic = DynamicPortForwarding.start(client, UnixDomainSocketAddress.of(socks))) {
            assertEquals(null, local.localAddress(), "no TCP address");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(forwarded)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socks)));
            assertEquals("through a local unix socket", exchange(forwarded, new byte[0], "through a local unix socket"));
            // SOCKS5: no authentication, then CONNECT localhost:echo
            ByteBuffer connect = ByteBuffer.allocate(64).put(new byte[] {5, 1, 0, 5, 1, 0, 3, 9})
                    .put("localhost".getBytes()).putShort((short) echo.port());
            byte[] request = java.util.Arrays.copyOf(connect.array(), connect.position());
            // the greeting's answer (2 bytes) and the request's (10) come before the echo
            assertEquals("socks over unix", exchange(socks, request, "socks over unix").substring(12));
            assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> LocalPortForwarding.start(client,
                    UnixDomainSocketAddress.of(forwarded), LOOPBACK, echo.port()), "never over a file already there");
            java.io.IOException tooLong = assertThrows(java.io.IOException.class, () -> LocalPortForwarding.start(client,
                    UnixDomainSocketAddress.of(directory.resolve("s".repeat(PrivateSocket.MAX_PATH))), LOOPBACK,
                    echo.port()));
            assertTrue(tooLong.getMessage().startsWith("socket path too long"), tooLong.getMessage());
        }
        assertFalse(Files.exists(forwarded), "removed with the forwarding");
        assertFalse(Files.exists(socks), "removed with the forwarding");
    }

    /** Writes {@code prefix} and {@code text} to the Unix socket at {@code path}, then reads what comes back to its end. */
    private static String exchange(Path path, byte[] prefix, String text) throws Exception {
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            socket.write(ByteBuffer.wrap(prefix));
            socket.write(ByteBuffer.wrap(text.getBytes()));
            socket.shutdownOutput();
            ByteBuffer back = ByteBuffer.allocate(256);
            while (back.hasRemaining() && socket.read(back) >= 0) {
                // until the echo ends
            }
            return new String(back.array(), 0, back.position(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** A remote forwarding whose target is a Unix socket on the client's side ({@code ssh -R port:/path}). */
    @Test
    void aRemoteForwardingReachesAUnixSocketOnTheClientsSide() throws Exception {
        policy = allowAll();
        Path clientSide = directory.resolve("client-target.sock");
        try (ServerSocketChannel unixEcho = unixEcho(clientSide)) {
            RemotePortForwarding remote = RemotePortForwarding.on(client);
            int port = remote.forward("localhost", 0, UnixDomainSocketAddress.of(clientSide));
            byte[] data = new byte[300 * 1024];
            new Random(9).nextBytes(data);
            assertArrayEquals(data, roundTrip(new InetSocketAddress(LOOPBACK, port), data));
            assertThrows(IllegalArgumentException.class, () -> remote.forward("localhost", 0,
                    new java.net.SocketAddress() {
                        private static final long serialVersionUID = 1L;
                    }));
            remote.close();
        }
    }

    /** A Unix socket at {@code path} that echoes each connection until its end of input. */
}
