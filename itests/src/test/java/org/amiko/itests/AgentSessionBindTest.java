// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amiko.Channel;
import org.amiko.SessionBinding;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.agent.AgentForwarding;
import org.amiko.agent.AgentIdentity;
import org.amiko.core.Amiko;
import org.amiko.keys.Fingerprint;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's agent {@code session-bind@openssh.com} against a real ssh-agent holding a key for any
 * use and a key added with a destination constraint ({@code ssh-add -h}) for another host only:
 * once the Amiko client binds its agent connections to the session, as ssh does, the agent keeps
 * the constrained key from them, both when authenticating to sshd and when forwarded to it;
 * unbound, the agent takes a connection for local use and offers every key.
 */
@Timeout(120)
class AgentSessionBindTest {
    @TempDir
    Path directory;

    private Set<PublicKey> keys(AgentClient agent) throws Exception {
        return agent.identities().stream().map(AgentIdentity::key).collect(Collectors.toSet());
    }

    @Test
    void theAgentKeepsConstrainedKeysFromConnectionsBoundToAnotherHost() throws Exception {
        assumeTrue(SshAgentProcess.available(), "ssh-agent not installed");
        assumeTrue(OpenSshServer.available(), "sshd not runnable here");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        KeyPair anywhere = KeyPairs.generate("ssh-ed25519");
        KeyPair elsewhereOnly = KeyPairs.generate("ecdsa-sha2-nistp256");
        Path agentDirectory = Files.createDirectories(directory.resolve("agent"));
        Path serverDirectory = Files.createDirectories(directory.resolve("sshd"));
        OpenSshClient files = new OpenSshClient(agentDirectory, 0, List.of());
        // the one host the constrained key may be used with, known by a key of its own
        Path knownHosts = agentDirectory.resolve("destinations");
        Files.writeString(knownHosts, "elsewhere.test "
                + PublicKeyLine.of(KeyPairs.generate("ssh-ed25519").getPublic(), "").format() + "\n",
                StandardCharsets.US_ASCII);
        try (SshAgentProcess agent = SshAgentProcess.start(agentDirectory);
                OpenSshServer sshd = OpenSshServer.start(serverDirectory, List.of(user));
                Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            agent.add(files.identity("id_anywhere", anywhere));
            agent.add(files.identity("id_elsewhere", elsewhereOnly), "-h", "elsewhere.test", "-H", knownHosts.toString());
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            SessionBinding binding = transport.getSessionBinding().orElseThrow();

            try (AgentClient unbound = AgentClient.connect(agent.socket());
                    AgentClient bound = AgentClient.connect(agent.socket())) {
                assertEquals(Set.of(anywhere.getPublic(), elsewhereOnly.getPublic()), keys(unbound), "local use");
                assertTrue(bound.bindSession(binding, false));
                assertEquals(Set.of(anywhere.getPublic()), keys(bound), "authenticating to sshd, not elsewhere.test");
            }

            transport.authPublickey("root", user);
            Channel session = transport.openSession();
            AgentForwarding.enable(transport, session, agent.socket());
            session.exec("ssh-add -l");
            String listed = new String(session.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, session.recvExitStatus(), listed);
            assertTrue(listed.contains(Fingerprint.sha256(anywhere.getPublic())), listed);
            assertFalse(listed.contains(Fingerprint.sha256(elsewhereOnly.getPublic())),
                    "forwarded to sshd, the constrained key is not offered there: " + listed);
        }
    }
}
