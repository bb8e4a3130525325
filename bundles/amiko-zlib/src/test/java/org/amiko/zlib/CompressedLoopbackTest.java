// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole sessions, Amiko client to Amiko server on loopback, with compression found the way an
 * application finds it (ServiceLoader on the class path): the engine's compression path, delayed
 * start included, across many packets and a key re-exchange. OpenSSH interop is in the itests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedLoopbackTest {
    private static final String PASSWORD = "loopback";

    private KeyPair hostKey;
    private SshServer server;

    @BeforeAll
    void start() throws IOException, GeneralSecurityException {
        hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .server(transport -> EchoServer.withPassword(PASSWORD)).start();
    }

    @AfterAll
    void stop() {
        server.closeAll();
    }

    private Transport connect(List<String> compression) throws IOException {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        if (compression != null) {
            client.getSecurityOptions().set(AlgorithmFamily.COMPRESSION, compression);
        }
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authPassword("loop", PASSWORD);
        return client;
    }

    private static NegotiatedSuite suite(Transport client) {
        return ((SshTransport) client).session().engine().suite();
    }

    /** Sends compressible text through the echo channel and checks that it comes back unchanged. */
    private static void echo(Transport client, int size) throws IOException, InterruptedException {
        byte[] data = new byte[size];
        byte[] line = "-rw-r--r-- 1 amiko amiko 1048576 Nov 25 12:00 some-file.txt\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (line[i % line.length] + (i / 4096) % 3); // a little variety from block to block
        }
        Channel channel = client.openSession();
        channel.exec("echo");
        Thread writer = new Thread(() -> {
            try {
                channel.getOutputStream().write(data);
                channel.shutdownOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        byte[] back = channel.getInputStream().readAllBytes();
        writer.join();
        assertArrayEquals(data, back, "echoed data");
        assertEquals(0, channel.recvExitStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zlib@openssh.com", "zlib"})
    void compressedSessionSurvivesBulkDataAndRekey(String compression) throws Exception {
        try (Transport client = connect(List.of(compression))) {
            NegotiatedSuite suite = suite(client);
            assertEquals(compression, suite.clientToServer().compressionName());
            assertEquals(compression, suite.serverToClient().compressionName());
            echo(client, 3_000_000);
            client.renegotiateKeys(); // new keys start new zlib streams on both sides
            echo(client, 500_000);
        }
    }

    @Test
    void defaultsLeaveCompressionOff() throws Exception {
        try (Transport client = connect(null)) {
            assertEquals("none", suite(client).clientToServer().compressionName());
            assertEquals("none", suite(client).serverToClient().compressionName());
        }
    }
}
