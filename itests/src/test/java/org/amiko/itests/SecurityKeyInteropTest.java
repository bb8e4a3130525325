// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.PublicKey;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FIDO security keys (OpenSSH PROTOCOL.u2f) made by OpenSSH's ssh-keygen and used by its ssh, with
 * a software authenticator in place of the USB key ({@link SoftAuthenticator}): the Amiko server
 * verifies both sk key types, and refuses one it was not given.
 */
class SecurityKeyInteropTest {
    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static SoftAuthenticator authenticator;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        authenticator = SoftAuthenticator.build(directory);
        server = TestServer.start();
        ssh = new OpenSshClient(directory, server.port(), server.keys());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"ed25519-sk, sk-ssh-ed25519@openssh.com", "ecdsa-sk, sk-ecdsa-sha2-nistp256@openssh.com"})
    void sshLogsInWithASecurityKey(String keygenType, String keyType) throws Exception {
        Path identity = directory.resolve("id_" + keygenType);
        PublicKey key = authenticator.enroll(keygenType, identity);
        SecurityKeyPublicKey securityKey = assertInstanceOf(SecurityKeyPublicKey.class, key);
        assertEquals(keyType, securityKey.keyType());
        assertEquals("ssh:", securityKey.application());
        String provider = "SecurityKeyProvider=" + authenticator.library();

        PeerProcess.Result refused = ssh.exec(identity, "echo should-not-run", provider);
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("Permission denied"), refused::toString);

        server.authorize(key);
        PeerProcess.Result result = ssh.exec(identity, "echo sk-ok", provider);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("sk-ok\n", result.stdout());
        assertEquals("publickey", server.last().authMethod());
    }
}
