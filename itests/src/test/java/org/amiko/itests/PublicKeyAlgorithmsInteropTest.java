// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amiko.AuthenticationException;
import org.amiko.Transport;
import org.amiko.client.ConnectOptions;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature algorithms of user authentication ({@code PubkeyAcceptedAlgorithms}) against
 * OpenSSH both ways: ssh signs with what the Amiko server lists in {@code server-sig-algs} and no
 * key type outside that list gets in; the Amiko client signs with its own list, whether set on
 * the transport or by an ssh_config, against an sshd that takes only {@code rsa-sha2-256}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublicKeyAlgorithmsInteropTest {
    @TempDir
    Path directory;

    @Test
    void sshSignsWithWhatTheAmikoServerAccepts() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair rsa = KeyPairs.generate("ssh-rsa");
        KeyPair ecdsa = KeyPairs.generate("ecdsa-sha2-nistp256");
        try (TestServer server = TestServer.start(TransportSettings.defaults(), transport -> transport
                .getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519", "rsa-sha2-256")))) {
            server.authorize(rsa.getPublic());
            server.authorize(ecdsa.getPublic());
            OpenSshClient ssh = new OpenSshClient(directory, server.port(), server.keys());

            List<String> command = ssh.command(ssh.identity("id_rsa", rsa), "tester", List.of());
            command.add(command.size() - 1, "-vvv"); // past LogLevel=ERROR, for ssh's reading of server-sig-algs
            command.add("echo rsa-in");
            PeerProcess.Result in = PeerProcess.run(command, Map.of(), null, Duration.ofSeconds(60));
            assertEquals(0, in.exitCode(), in::toString);
            assertEquals("rsa-in\n", in.stdout());
            assertTrue(in.stderr().contains("server-sig-algs=<ssh-ed25519,rsa-sha2-256>"), in::toString);

            PeerProcess.Result out = ssh.exec(ssh.identity("id_ecdsa", ecdsa), "echo ecdsa-in");
            assertEquals(255, out.exitCode(), out::toString);
            assertTrue(out.stderr().contains("Permission denied"), out::toString);
        }
    }

    @Test
    void theAmikoClientSignsOnlyWithItsOwnList() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        KeyPair rsa = KeyPairs.generate("ssh-rsa");
        try (OpenSshServer sshd = OpenSshServer.start(directory, List.of(rsa), "PubkeyAcceptedAlgorithms rsa-sha2-256")) {
            // (sshd 9.2 lists every algorithm it knows in server-sig-algs, whatever it accepts)
            try (Transport transport = connect(sshd)) {
                transport.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519", "rsa-sha2-256"));
                assertEquals(List.of(), transport.authPublickey("root", rsa), "signed with rsa-sha2-256");
            }
            try (Transport transport = connect(sshd)) {
                transport.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519", "rsa-sha2-512"));
                assertThrows(AuthenticationException.class, () -> transport.authPublickey("root", rsa),
                        "signed with rsa-sha2-512, which sshd refuses");
            }

            String host = KnownHostsFile.sshConfigHost("box", sshd.port(), "root",
                    KnownHostsFile.write(directory.resolve("known_hosts"), sshd.port(), sshd.hostKeys()));
            ConnectOptions key = new ConnectOptions(List.of(rsa), false, false, null, null);
            try (SshClient client = new SshClient()) {
                assertThrows(AuthenticationException.class, () -> client.connect("box",
                        SshConfig.parse(host + "  PubkeyAcceptedAlgorithms rsa-sha2-512\n"), key));
            }
            try (SshClient client = new SshClient()) {
                client.connect("box", SshConfig.parse(host + "  PubkeyAcceptedKeyTypes -rsa-sha2-512\n"), key);
                assertEquals("in\n", new String(client.exec("echo in").stdout().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static Transport connect(OpenSshServer sshd) throws IOException {
        Transport transport = Amiko.connect("127.0.0.1", sshd.port());
        transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
        return transport;
    }
}
