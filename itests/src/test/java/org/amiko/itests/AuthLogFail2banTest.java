// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's auth log ({@code data/log/auth.log.0}) as fail2ban reads it, with fail2ban's
 * own {@code fail2ban-regex} and its stock {@code sshd} filter: OpenSSH's ssh guessing passwords,
 * ssh offering only a key exchange the server does not speak, and a client that is not SSH at
 * all, each from its own loopback address, are counted against that address; a login is not.
 */
@Timeout(180)
class AuthLogFail2banTest {
    static final String FAIL2BAN_REGEX = "/usr/bin/fail2ban-regex";

    @TempDir
    Path work;

    @Test
    void fail2bansSshdFilterCountsWhatSshdsWouldCount() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        assumeTrue(PeerProcess.available(FAIL2BAN_REGEX), "fail2ban not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user)) {
            OpenSshClient client = server.openSsh(work);

            // two wrong passwords from 127.0.0.2, then ssh gives up and closes, as sshd logs it
            Path askpass = work.resolve("askpass.sh");
            Files.writeString(askpass, "#!/bin/sh\necho wrong\n", StandardCharsets.UTF_8);
            assertTrue(askpass.toFile().setExecutable(true));
            PeerProcess.Result guesses = PeerProcess.run(from("127.0.0.2", client.command(null, "admin",
                    List.of("PreferredAuthentications=password", "PubkeyAuthentication=no",
                            "NumberOfPasswordPrompts=2"))),
                    Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"), null,
                    Duration.ofSeconds(60));
            assertNotEquals(0, guesses.exitCode(), guesses::toString);
            server.await("Connection closed by authenticating user admin 127\\.0\\.0\\.2 port \\d+ \\[preauth\\]");

            // a key exchange the server does not offer, from 127.0.0.3
            PeerProcess.Result oldKex = PeerProcess.run(from("127.0.0.3", client.command(null, "admin",
                    List.of("KexAlgorithms=diffie-hellman-group1-sha1", "BatchMode=yes"))), Duration.ofSeconds(60));
            assertNotEquals(0, oldKex.exitCode(), oldKex::toString);
            server.await("Unable to negotiate with 127\\.0\\.0\\.3 port \\d+: no matching key exchange method found\\."
                    + " Their offer: diffie-hellman-group1-sha1");

            // not SSH, from 127.0.0.4
            try (Socket probe = new Socket()) {
                probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.4"), 0));
                probe.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                probe.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                server.await("banner exchange: Connection from 127\\.0\\.0\\.4 port \\d+: invalid format");
            }

            // a login and a command, from 127.0.0.5
            Path identity = client.identity("id_f2b", user);
            PeerProcess.Result login = PeerProcess.run(from("127.0.0.5", append(client.command(identity, "admin",
                    List.of()), "echo in")), Duration.ofSeconds(60));
            assertEquals(0, login.exitCode(), login::toString);
            server.await("Disconnected from user admin 127\\.0\\.0\\.5 port \\d+");

            Path authLog = server.home().resolve("data/log/auth.log.0");
            assertEquals(Map.of("127.0.0.2", 2), failuresByAddress(authLog, "sshd"), "mode normal: the passwords");
            // aggressive adds what sshd's ddos and extra modes count: a pre-login end, a failed
            // negotiation, a bad banner
            assertEquals(Map.of("127.0.0.2", 3, "127.0.0.3", 1, "127.0.0.4", 1),
                    failuresByAddress(authLog, "sshd[mode=aggressive]"), () -> "auth log: " + read(authLog));
        }
    }

    /** ssh's command line with {@code -b address} (its source address) after the program. */
    private static List<String> from(String address, List<String> command) {
        List<String> line = new ArrayList<>(command);
        line.addAll(1, List.of("-b", address));
        return line;
    }

    private static List<String> append(List<String> command, String argument) {
        List<String> line = new ArrayList<>(command);
        line.add(argument);
        return line;
    }

    /** fail2ban-regex with {@code filter} over {@code log}: how many failures it finds per address. */
    static Map<String, Integer> failuresByAddress(Path log, String filter) throws Exception {
        PeerProcess.Result result = PeerProcess.run(List.of(FAIL2BAN_REGEX, "-o", "ip", log.toString(), filter),
                Duration.ofSeconds(60));
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, Integer> counts = new TreeMap<>();
        result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty())
                .forEach(address -> counts.merge(address, 1, Integer::sum));
        return counts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
