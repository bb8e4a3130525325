// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.core.SshServer;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-factor logins (sshd's AuthenticationMethods, through getRequiredAuthentications) with
 * OpenSSH's ssh: {@code publickey,password} is a key, a partial success, then the password; the
 * key alone or the password alone is not enough.
 */
@Timeout(120)
class AuthenticationMethodsInteropTest {
    @TempDir
    Path directory;

    /** Lets tester in with the user's key and then "secret", in that order; greets whoever got in. */
    private SshServer server(PublicKey userKey) throws Exception {
        return SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(TestServer.hostKeys())
                .server(transport -> new GreetingServer(transport) {
                    @Override
                    public List<List<String>> getRequiredAuthentications(String username) {
                        return List.of(List.of("publickey", "password"));
                    }

                    @Override
                    public AuthResult checkAuthPublickey(String username, PublicKey key) {
                        return key.equals(userKey) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }

                    @Override
                    public AuthResult checkAuthPassword(String username, String password) {
                        return password.equals("secret") ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }
                }).start();
    }

    /** ssh with the key (unless null) and, through an askpass program, the password {@code secret}. */
    private PeerProcess.Result ssh(int port, Path identity, String secret) throws Exception {
        OpenSshClient client = new OpenSshClient(directory, port, TestServer.hostKeys());
        Path askpass = directory.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\necho '" + secret + "'\n", StandardCharsets.UTF_8);
        assertTrue(askpass.toFile().setExecutable(true));
        List<String> command = new ArrayList<>(client.command(null, "tester",
                List.of("PreferredAuthentications=publickey,password", "NumberOfPasswordPrompts=1")));
        command.add(1, "-v"); // before the helper's LogLevel=ERROR, which it then overrides: ssh says "partial success"
        if (identity != null) {
            command.addAll(1, List.of("-o", "IdentitiesOnly=yes", "-i", identity.toString()));
        } else {
            command.addAll(1, List.of("-o", "PubkeyAuthentication=no"));
        }
        command.add("whoami");
        return PeerProcess.run(command, Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force",
                "DISPLAY", ":0"), null, Duration.ofSeconds(60));
    }

    @Test
    void sshLogsInWithAKeyThenItsPasswordAndNotWithEitherAlone() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        SshServer server = server(user.getPublic());
        try {
            int port = server.address().getPort();
            Path identity = new OpenSshClient(directory, port, TestServer.hostKeys()).identity("id_two_factor", user);

            PeerProcess.Result both = ssh(port, identity, "secret");
            assertEquals(0, both.exitCode(), both::toString);
            assertEquals("hello tester\n", both.stdout());
            assertTrue(both.stderr().contains("\"publickey\" with partial success"), both::toString);

            PeerProcess.Result keyOnly = ssh(port, identity, "wrong");
            assertNotEquals(0, keyOnly.exitCode(), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("\"publickey\" with partial success"), keyOnly::toString);

            PeerProcess.Result passwordOnly = ssh(port, null, "secret");
            assertNotEquals(0, passwordOnly.exitCode(), passwordOnly::toString);
            assertTrue(passwordOnly.stderr().contains("Permission denied (publickey)"), passwordOnly::toString);
        } finally {
            server.closeAll();
        }
    }
}
