// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code channelTimeout}, as sshd's ChannelTimeout, with OpenSSH's {@code ssh -L}: a forwarded
 * connection that carries no data for its timeout is closed (the application sees its end), in
 * sshd's words on the console, while ssh's connection and its forwarding go on.
 */
@Timeout(180)
class ChannelTimeoutOpenSshTest {
    @TempDir
    Path work;

    @Test
    void anIdleForwardedConnectionIsClosedAndTheForwardingGoesOn() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user,
                "allowTcpForwarding = no", "allowTcpForwarding = local",
                "channelTimeout =", "channelTimeout = session=1h direct-tcpip=2s");
                TcpTarget target = TcpTarget.start(TcpTarget.Mode.ECHO)) {
            OpenSshClient client = server.openSsh(work);
            int listen = OpenSshServer.freePort();
            try (WatchedProcess ssh = WatchedProcess.start(client.forwarding(client.identity("id_idle", user),
                    List.of("-L", "127.0.0.1:" + listen + ":127.0.0.1:" + target.port())))) {
                ssh.awaitStderr(Pattern.compile("channel \\d+: new port-listener"), Duration.ofSeconds(30));
                try (Socket idle = new Socket()) {
                    idle.connect(new InetSocketAddress("127.0.0.1", listen), 10_000);
                    idle.setSoTimeout(30_000);
                    assertEchoes(idle, "hello\n");
                    // no more data: the server closes the channel, and ssh the socket
                    assertEquals(-1, idle.getInputStream().read());
                }
                server.await("channel \\d+ \\(direct-tcpip\\): closing after 2 seconds of inactivity");
                assertTrue(ssh.isAlive(), "the connection and its forwarding go on");
                try (Socket next = new Socket()) {
                    next.connect(new InetSocketAddress("127.0.0.1", listen), 10_000);
                    next.setSoTimeout(30_000);
                    assertEchoes(next, "again\n");
                }
            }
        }
    }

    private static void assertEchoes(Socket socket, String text) throws Exception {
        byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(sent);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        assertEquals(text, new String(in.readNBytes(sent.length), StandardCharsets.US_ASCII));
    }
}
