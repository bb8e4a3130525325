// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.amiko.core.TransportSettings;
import org.amiko.forward.ForwardingPolicy;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * paramiko 2.12 ({@code peers/paramiko_forward.py}) forwarding through the Amiko server:
 * {@code open_channel("direct-tcpip", ...)} carrying bulk data to a loopback echo server, a refused
 * one, and {@code request_port_forward} for a port the server picks, whose listener (bound to
 * loopback although the whole host was asked for) hands a connection over as a
 * {@code forwarded-tcpip} channel naming the address as asked, and goes with
 * {@code cancel_port_forward} while the connection stays.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortForwardingParamikoTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** More than a channel window (2 MiB, both peers' default) each way. */
    private static final int BULK = 3 * 1024 * 1024 + 4_321;

    @TempDir
    static Path directory;

    private static TestServer server;
    private static Path script;
    private static Path knownHosts;
    private static Path identity;
    private static KeyPair user;
    private static TcpTarget echo;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import paramiko"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-paramiko not installed: " + probe.stderr());
        server = TestServer.start(TransportSettings.defaults(), AmikoOffer::everything);
        user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        identity = directory.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(identity, user, "paramiko forwarding");
        knownHosts = knownHosts(server, "known_hosts");
        script = Path.of(PortForwardingParamikoTest.class.getResource("/peers/paramiko_forward.py").toURI());
        echo = TcpTarget.start(TcpTarget.Mode.ECHO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private static Path knownHosts(TestServer peer, String name) throws Exception {
        List<PublicKey> keys = new ArrayList<>();
        peer.keys().forEach(key -> keys.add(key.getPublic()));
        return KnownHostsFile.write(directory.resolve(name), peer.port(), keys);
    }

    private static List<String> command(int port, Path hosts, String mode, String... rest) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), mode, "127.0.0.1",
                Integer.toString(port), "tester", "key:" + identity, hosts.toString()));
        command.addAll(List.of(rest));
        return command;
    }

    private static Map<String, String> direct(int port, Path hosts, String destination, int length) throws Exception {
        PeerProcess.Result process = PeerProcess.run(command(port, hosts, "direct", destination,
                Integer.toString(echo.port()), Integer.toString(length)), Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                null, DEADLINE);
        assertEquals(0, process.exitCode(), process::toString);
        List<Map<String, String>> results = ParamikoClientTest.parse(process.stdout());
        assertEquals(1, results.size(), process::toString);
        return results.get(0);
    }

    @Test
    void directTcpipChannelCarriesBulkData() throws Exception {
        int before = echo.accepted();
        Map<String, String> result = direct(server.port(), knownHosts, "127.0.0.1", BULK);
        assertNull(result.get("error"), result::toString);
        assertEquals(Integer.toString(BULK), result.get("received_bytes"), result::toString);
        assertEquals(result.get("sent_sha256"), result.get("received_sha256"), result::toString);
        assertEquals(before + 1, echo.accepted());
    }

    @Test
    void refusedDirectTcpipIsAdministrativelyProhibited() throws Exception {
        try (TestServer refusing = TestServer.start(TransportSettings.defaults(), AmikoOffer::everything)
                .forwarding(ForwardingPolicy.NONE)) {
            refusing.authorize(user.getPublic());
            int before = echo.accepted();
            Map<String, String> result = direct(refusing.port(), knownHosts(refusing, "known_hosts_refusing"),
                    "127.0.0.1", 10);
            assertNull(result.get("error"), result::toString);
            assertEquals("1", result.get("open_failure_code"), result::toString); // ADMINISTRATIVELY_PROHIBITED
            assertEquals(before, echo.accepted(), "the refused channel reached its target");
        }
    }

    @Test
    void requestPortForwardThenCancel() throws Exception {
        List<String> command = command(server.port(), knownHosts, "remote", "", "0");
        try (WatchedProcess process = WatchedProcess.start(command, Map.of("PYTHONDONTWRITEBYTECODE", "1"))) {
            int port = Integer.parseInt(process.awaitStdout(Pattern.compile("^listening=(\\d+)$"), DEADLINE).group(1));
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", port);
            // "" asks for every address; the server has no gateway ports and binds loopback only
            assertEquals(Set.of("127.0.0.1"), TcpTarget.listeningAddresses(port));
            TcpTarget.assertEchoed(forwarded, BULK);

            process.awaitStdout(Pattern.compile("^cancelled=1$"), DEADLINE);
            // the connection is still up (the script waits for our line): the cancel closed the listener
            assertTrue(TcpTarget.refuses(forwarded), "still listening after cancel-tcpip-forward");
            assertTrue(process.isAlive());
            OutputStream stdin = process.stdin();
            stdin.write("done\n".getBytes(StandardCharsets.US_ASCII));
            stdin.close();
            assertEquals(0, process.awaitExit(DEADLINE), process::toString);

            List<Map<String, String>> results = ParamikoClientTest.parse(String.join("\n", process.stdoutLines()));
            assertEquals(1, results.size(), process::toString);
            Map<String, String> result = results.get(0);
            assertNull(result.get("error"), result::toString);
            assertEquals(Integer.toString(BULK), result.get("echoed_bytes"), result::toString);
            // forwarded-tcpip names the address as the client asked and the port listened on
            assertEquals("", result.get("server_addr"), result::toString);
            assertEquals(Integer.toString(port), result.get("server_port"), result::toString);
            assertEquals("127.0.0.1", result.get("origin_addr"), result::toString);
        }
    }
}
