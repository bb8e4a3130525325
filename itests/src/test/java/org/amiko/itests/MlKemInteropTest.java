// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The post-quantum hybrids against Apache MINA SSHD 2.20, both ways. MINA builds the hybrids itself
 * (its own KEM framing and hashing) on Bouncy Castle's KEMs, which amiko-bc puts on the class path;
 * this is the interop proof for {@code mlkem768x25519-sha256}, {@code mlkem768nistp256-sha256} and
 * {@code mlkem1024nistp384-sha384}, which the OpenSSH of Debian 12 predates (amiko-bc's known
 * answers tie the KEM itself to OpenSSH's libcrux code).
 */
class MlKemInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TestServer server;
    private static MinaServer mina;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        mina = MinaServer.start(1L << 30);
    }

    @AfterAll
    static void stop() throws IOException {
        if (mina != null) {
            mina.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void assumeMinaHas(String kex) {
        BuiltinDHFactories factory = BuiltinDHFactories.fromFactoryName(kex);
        assumeTrue(factory != null && factory.isSupported(), "this MINA SSHD lacks " + kex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlkem768x25519-sha256", "mlkem768nistp256-sha256", "mlkem1024nistp384-sha384",
        "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"})
    void amikoClientAgainstMina(String kex) throws Exception {
        assumeMinaHas(kex);
        try (Transport transport = Amiko.connect("127.0.0.1", mina.port())) {
            transport.getSecurityOptions().set(AlgorithmFamily.KEX, List.of(kex));
            transport.startClient((peer, type, key) -> KnownHostsFile.contains(mina.hostKeys(), key));
            transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            NegotiatedSuite suite = ((SshTransport) transport).session().engine().suite();
            assertEquals(kex, suite.kexName());
            assertEquals(kex, mina.latest().getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
            Channel channel = transport.openSession();
            channel.exec("echo hybrid-ok");
            assertEquals("hybrid-ok\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            transport.renegotiateKeys(); // a second exchange, hashed with the first one's session id
            assertEquals(2, ((SshTransport) transport).session().engine().completedExchanges());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlkem768x25519-sha256", "mlkem768nistp256-sha256", "mlkem1024nistp384-sha384",
        "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"})
    void minaClientAgainstAmiko(String kex) throws Exception {
        assumeMinaHas(kex);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KnownHostsFile.contains(
                server.keys().stream().map(KeyPair::getPublic).toList(), key));
        client.setKeyExchangeFactories(List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.fromFactoryName(kex))));
        client.start();
        try (client; ClientSession session = client.connect(TestServer.PASSWORD_USER, "127.0.0.1", server.port())
                .verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity(TestServer.PASSWORD);
            session.auth().verify(TIMEOUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel("echo hybrid-ok")) {
                channel.setOut(out);
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            }
            assertEquals("hybrid-ok\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(kex, server.last().session().engine().suite().kexName());
        }
    }
}
