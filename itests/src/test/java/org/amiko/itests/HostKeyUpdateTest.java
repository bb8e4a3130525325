// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.KnownHostsVerifier;
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

    /**
     * The Amiko client learns the keys the Amiko server announces, and the ones sshd announces,
     * and forgets the one neither has.
     */
    @Test
    void amikoClientLearnsAnnouncedKeysFromTheAmikoServer() throws Exception {
        try (TestServer server = TestServer.start()) {
            KeyPair user = KeyPairs.generate("ssh-ed25519");
            server.authorize(user.getPublic());
            Set<PublicKey> all = server.keys().stream().map(KeyPair::getPublic).collect(Collectors.toSet());
            learnFrom(server.port(), all, transport -> transport.authPublickey("me", user));
        }
    }

    @Test
    void amikoClientLearnsAnnouncedKeysFromSshd() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (OpenSshServer sshd = OpenSshServer.start(directory, List.of(user))) {
            learnFrom(sshd.port(), Set.copyOf(sshd.hostKeys()), transport -> transport.authPublickey("root", user));
        }
    }

    @FunctionalInterface
    private interface Login {
        void to(Transport transport) throws Exception;
    }

    /**
     * Connects with the server's Ed25519 key on file, beside a key the server does not have (one
     * it rotated away), and host key updates on; logs in, and waits for the verifier to be told
     * of the settled announcement: then the file holds exactly {@code all}.
     */
    private void learnFrom(int port, Set<PublicKey> all, Login login) throws Exception {
        PublicKey ed25519 = all.stream().filter(key -> key.getAlgorithm().equals("EdDSA")
                || key.getAlgorithm().equals("Ed25519")).findFirst().orElseThrow();
        Path file = directory.resolve("amiko_known_hosts");
        KnownHosts onFile = KnownHosts.load(file);
        onFile.add("127.0.0.1", port, ed25519, false);
        onFile.add("127.0.0.1", port, KeyPairs.generate("ecdsa-sha2-nistp384").getPublic(), false);
        onFile.save();
        HostKeyVerifier learning = KnownHostsVerifier.reject(KnownHosts.load(file)).withHostKeyUpdates();
        CompletableFuture<List<PublicKey>> proven = new CompletableFuture<>();
        HostKeyVerifier watched = new HostKeyVerifier() {
            @Override
            public boolean isTrusted(SocketAddress peer, String keyType, PublicKey key) {
                return learning.isTrusted(peer, keyType, key);
            }

            @Override
            public List<String> knownKeyTypes(SocketAddress peer) {
                return learning.knownKeyTypes(peer);
            }

            @Override
            public List<PublicKey> hostKeysToLearn(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced) {
                return learning.hostKeysToLearn(peer, sessionKey, announced);
            }

            @Override
            public void hostKeysUpdated(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced,
                    List<PublicKey> keys) {
                learning.hostKeysUpdated(peer, sessionKey, announced, keys);
                proven.complete(keys);
            }
        };
        try (Transport transport = Amiko.connect("127.0.0.1", port)) {
            transport.startClient(watched);
            assertEquals(ed25519, transport.getRemoteServerKey());
            login.to(transport);
            Set<PublicKey> learnt = Set.copyOf(proven.get(30, TimeUnit.SECONDS));
            Set<PublicKey> others = new HashSet<>(all);
            others.remove(ed25519);
            assertEquals(others, learnt);
            assertEquals(all, Set.copyOf(KnownHosts.load(file).keysFor("127.0.0.1", port)));
        }
    }
}

