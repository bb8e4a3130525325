// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.amiko.core.Amiko;
import org.junit.jupiter.api.Test;

/** Dynamic forwarding, {@code ssh -D}: SOCKS5 and SOCKS4a clients through an Amiko client's proxy. */
class SocksForwardingTest extends ForwardingFixture {
    @Test
    void aSocks5ProxyCarriesConnectionsToTheNamesItsClientsAskFor() throws Exception {
        policy = allowAll();
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0))) {
            Proxy proxy = new Proxy(Proxy.Type.SOCKS, socks.localAddress());
            for (InetSocketAddress target : List.of(InetSocketAddress.createUnresolved("localhost", echo.port()),
                    new InetSocketAddress(LOOPBACK, echo.port()))) {
                try (Socket socket = new Socket(proxy)) {
                    socket.connect(target, 10_000);
                    socket.getOutputStream().write("through socks".getBytes());
                    socket.shutdownOutput();
                    assertArrayEquals("through socks".getBytes(), socket.getInputStream().readAllBytes());
                }
            }
        }
    }

    @Test
    void aSocksClientLearnsThatTheServerRefused() throws Exception {
        policy = ForwardingPolicy.NONE;
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0));
                Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, socks.localAddress()))) {
            IOException refused = assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(LOOPBACK, echo.port()), 10_000));
            assertTrue(refused.getMessage().contains("not allowed"), refused.getMessage());
        }
    }

    @Test
    void aSocks4aClientNamesItsTargetAndIsGranted() throws Exception {
        policy = allowAll();
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0));
                Socket socket = new Socket(LOOPBACK, socks.localAddress().getPort())) {
            ByteBuffer request = ByteBuffer.allocate(64).put(new byte[] {4, 1}).putShort((short) echo.port())
                    .put(new byte[] {0, 0, 0, 1}).put("me".getBytes()).put((byte) 0).put("localhost".getBytes())
                    .put((byte) 0);
            socket.getOutputStream().write(request.array(), 0, request.position());
            byte[] reply = socket.getInputStream().readNBytes(8);
            assertEquals(90, reply[1], "request granted");
            socket.getOutputStream().write("four".getBytes());
            socket.shutdownOutput();
            assertArrayEquals("four".getBytes(), socket.getInputStream().readAllBytes());
        }
    }

    /**
     * A remote SOCKS proxy ({@code ssh -R port} without a target): the server listens, each
     * connection there says in band where it goes, and the client connects there; a target the
     * client cannot reach is reported to the SOCKS client as refused.
     */
    @Test
    void aRemoteSocksProxyIsServedInsideTheForwardedChannels() throws Exception {
        policy = allowAll();
        RemotePortForwarding remote = RemotePortForwarding.on(client);
        int port = remote.forwardDynamic("localhost", 0);
        Proxy proxy = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(LOOPBACK, port));
        for (InetSocketAddress target : List.of(InetSocketAddress.createUnresolved("localhost", echo.port()),
                new InetSocketAddress(LOOPBACK, echo.port()))) {
            try (Socket socket = new Socket(proxy)) {
                socket.connect(target, 10_000);
                socket.getOutputStream().write("through the server's socks".getBytes());
                socket.shutdownOutput();
                assertArrayEquals("through the server's socks".getBytes(), socket.getInputStream().readAllBytes());
            }
        }
        int closed;
        try (java.net.ServerSocket vacated = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            closed = vacated.getLocalPort();
        }
        try (Socket socket = new Socket(proxy)) {
            IOException refused = assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(LOOPBACK, closed), 10_000));
            assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        }
        assertTrue(remote.cancel("localhost", port));
        // only where it is permitted (ssh's PermitRemoteOpen): elsewhere the SOCKS client hears "not allowed"
        int guarded = remote.forwardDynamic("localhost", 0, (host, to) -> to != echo.port());
        try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(LOOPBACK, guarded)))) {
            IOException notAllowed = assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(LOOPBACK, echo.port()), 10_000));
            assertTrue(notAllowed.getMessage().contains("not allowed"), notAllowed.getMessage());
        }
        remote.close();
    }

    /** A SOCKS client that says nothing is cut off at the handshake timeout, its socket closed under the read. */
    @Test
    void aSilentSocksClientIsCutOff() throws Exception {
        policy = allowAll();
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0),
                java.time.Duration.ofMillis(200));
                Socket silent = new Socket(LOOPBACK, socks.localAddress().getPort())) {
            silent.setSoTimeout(10_000); // a guard only: the proxy closes long before
            assertEquals(-1, silent.getInputStream().read(), "closed by the proxy");
        }
    }
}
