// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.KnownHosts;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's {@code UpdateHostKeys} against the Amiko server (PROTOCOL section 2.5): the server
 * announces all its host keys after authentication, ssh asks it to prove it holds the ones its
 * known_hosts lacks, checks the signatures, and adds those keys.
 */
@Timeout(120)
class HostKeyUpdateTest {
    @TempDir
    Path directory;

    @Test
    void sshLearnsTheKeysItLacksOnceTheServerProvesThem() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        try (TestServer server = TestServer.start()) {
            KeyPair user = KeyPairs.generate("ssh-ed25519");
            server.authorize(user.getPublic());
            KeyPair ed25519 = server.keys().stream().filter(key -> key.getPublic().getAlgorithm().equals("EdDSA")
                    || key.getPublic().getAlgorithm().equals("Ed25519")).findFirst().orElseThrow();
            OpenSshClient ssh = new OpenSshClient(directory, server.port(), List.of(ed25519));
            Path identity = ssh.identity("id_ed25519", user);
            // ssh -N stays connected, and says at -v each key it adds once the server's proofs verify
            Set<PublicKey> all = server.keys().stream().map(KeyPair::getPublic).collect(Collectors.toSet());
            Path knownHosts = directory.resolve("known_hosts");
            List<String> command = ssh.forwarding(identity, List.of(), "UpdateHostKeys=yes");
            try (WatchedProcess process = WatchedProcess.start(command)) {
                process.awaitStderr(Pattern.compile("Adding new key for .* ssh-rsa "), Duration.ofSeconds(30));
                // the file is rewritten right after the last of those lines
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                Set<PublicKey> learned = Set.of();
                while (!learned.equals(all) && System.nanoTime() < deadline) {
                    learned = Set.copyOf(KnownHosts.load(knownHosts).keysFor("127.0.0.1", server.port()));
                }
                assertEquals(all, learned, process::stderrText);
            }
        }
    }
}
