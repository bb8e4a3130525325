// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Whole sessions, Amiko client to Amiko server on loopback, with this bundle's algorithms found the
 * way an application finds them (ServiceLoader on the class path, next to amiko-jca). The one
 * interop proof for {@code mlkem768x25519-sha256} and {@code curve448-sha512}, which the OpenSSH of
 * the test machines lacks; the OpenSSH interop of the others is in the itests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmikoLoopbackTest {
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

    private Transport connect(AlgorithmFamily family, String algorithm) throws IOException {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        if (family != null) {
            client.getSecurityOptions().set(family, List.of(algorithm));
        }
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authPassword("loop", PASSWORD);
        return client;
    }

    private static NegotiatedSuite suite(Transport client) {
        return ((SshTransport) client).session().engine().suite();
    }

    /** Sends {@code size} bytes through the echo channel and checks that they come back unchanged. */
    private static void echo(Transport client, int size) throws IOException, InterruptedException {
        Channel channel = client.openSession();
        channel.exec("echo");
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + i / 253);
        }
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
    @ValueSource(strings = {"mlkem768x25519-sha256", "mlkem768nistp256-sha256", "mlkem1024nistp384-sha384",
        "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve448-sha512"})
    void keyExchangeAndRekey(String kex) throws Exception {
        try (Transport client = connect(AlgorithmFamily.KEX, kex)) {
            assertEquals(kex, suite(client).kexName());
            echo(client, 100_000);
            client.renegotiateKeys(); // the re-exchange hashes K with the first exchange's session id
            assertEquals(2, ((SshTransport) client).session().engine().completedExchanges());
            echo(client, 10_000);
        }
    }

    @Test
    void chacha20Poly1305CarriesBulkData() throws Exception {
        try (Transport client = connect(AlgorithmFamily.CIPHER, "chacha20-poly1305@openssh.com")) {
            NegotiatedSuite suite = suite(client);
            assertEquals("chacha20-poly1305@openssh.com", suite.clientToServer().cipherName());
            assertEquals("chacha20-poly1305@openssh.com", suite.serverToClient().cipherName());
            assertNull(suite.clientToServer().macName(), "no MAC with an AEAD cipher");
            echo(client, 2_000_000);
        }
    }

    @Test
    void defaultsPreferTheHybridAndKeepAesGcmFirst() throws Exception {
        try (Transport client = connect(null, null)) {
            NegotiatedSuite suite = suite(client);
            assertEquals("mlkem768x25519-sha256", suite.kexName(), "preference 1100 tops the JDK's curve25519 (1000)");
            assertEquals("aes128-gcm@openssh.com", suite.clientToServer().cipherName(), "chacha20 (995) comes after");
        }
    }
}
