// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.OpenChannelResult;
import org.amiko.core.SshServer;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subsystem that ends normally ends its channel as OpenSSH's sshd does when the subsystem's
 * process exits: EOF, {@code exit-status}, CLOSE. Without the status (the core once only closed
 * the channel) {@code ssh -s} reports 255 and OpenSSH's {@code scp} in SFTP mode, which checks its
 * ssh's exit status, fails every transfer.
 */
class SubsystemExitStatusTest {
    @TempDir
    Path directory;

    @Test
    void subsystemThatReturnsReportsExitStatusZero() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path identity = directory.resolve("id");
        KeyFiles.writeOpenSsh(identity, user, "tester");
        SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(TestServer.hostKeys()).subsystem("noop", (name, transport, channel) -> { })
                .server(transport -> new ServerInterface() {
                    @Override
                    public AuthResult checkAuthPublickey(String username, PublicKey key) {
                        return key.equals(user.getPublic()) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }

                    @Override
                    public OpenChannelResult checkChannelRequest(String type, int channelId) {
                        return OpenChannelResult.SUCCEEDED;
                    }
                }).start();
        try {
            OpenSshClient ssh = new OpenSshClient(directory, server.address().getPort(), TestServer.hostKeys());
            List<String> command = new ArrayList<>(ssh.command(identity, "tester", List.of()));
            command.add(1, "-s");
            command.add("noop");
            PeerProcess.Result result = PeerProcess.run(command, Map.of(), new byte[0], Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result::toString);
        } finally {
            server.closeAll();
        }
    }
}
