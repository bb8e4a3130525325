// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh -Y} into the Felix distribution with {@code shell = os}: with {@code x11Forwarding}
 * on, {@code xdpyinfo} on the server reaches the client's X server (a {@link FakeXServer}) through
 * the forwarded display, and that X server sees the client's real cookie, which ssh put in place of
 * the fake one it sent in {@code x11-req}: proof of the whole path (the request, xauth on the
 * server, {@code DISPLAY}, the display's listener, the {@code x11} channel, ssh's substitution).
 * With it off, ssh reports the request failed and the command runs without a display.
 */
class X11ForwardingOpenSshTest {
    private static final String XAUTH = "/usr/bin/xauth";
    private static final String XDPYINFO = "/usr/bin/xdpyinfo";
    /** The client's display: past the numbers the server tries (10 to 1009), so the two cannot meet. */
    private static final int CLIENT_DISPLAY = 1100;

    @TempDir
    Path work;

    private final byte[] cookie = new byte[16];
    private KeyPair user;

    @BeforeEach
    void checkPeers() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        assumeTrue(PeerProcess.available(XAUTH) && PeerProcess.available(XDPYINFO), "xauth or xdpyinfo not installed");
        new SecureRandom().nextBytes(cookie);
        user = KeyPairs.generate("ssh-ed25519");
    }

    /** A fresh distribution with {@code shell = os}, the test's key, and X11 forwarding on or off. */
    private Path install(boolean x11Forwarding) throws Exception {
        Path home = RunningDistribution.install(work, user);
        RunningDistribution.setting(home, "shell = gogo", "shell = os");
        RunningDistribution.setting(home, "x11Forwarding = false", "x11Forwarding = " + x11Forwarding);
        return home;
    }

    /**
     * Runs {@code remoteCommand} by {@code ssh -Y} with {@code DISPLAY} at {@code xServer}, and an
     * {@code XAUTHORITY} holding the cookie for it, as the user's X session would have.
     */
    private PeerProcess.Result sshDashY(Path home, int port, FakeXServer xServer, String remoteCommand)
            throws Exception {
        String display = "127.0.0.1:" + xServer.display();
        Path xauthority = work.resolve("client.Xauthority");
        PeerProcess.Result added = PeerProcess.run(List.of(XAUTH, "-f", xauthority.toString(), "add", display,
                "MIT-MAGIC-COOKIE-1", HexFormat.of().formatHex(cookie)), Duration.ofSeconds(20));
        assertEquals(0, added.exitCode(), added::toString);
        Path identity = work.resolve("id_x11");
        KeyFiles.writeOpenSsh(identity, user, "me");
        OpenSshClient ssh = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
        List<String> command = ssh.command(identity, "tester", List.of());
        command.add(1, "-Y"); // trusted: ssh sends a fake cookie and substitutes the real one (ssh(1))
        command.add(remoteCommand);
        return PeerProcess.run(command, Map.of("DISPLAY", display, "XAUTHORITY", xauthority.toString()), null,
                Duration.ofSeconds(60));
    }

    @Test
    void xdpyinfoOnTheServerReachesTheClientsXServerWithTheRealCookie() throws Exception {
        Path home = install(true);
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port);
                FakeXServer xServer = FakeXServer.start(CLIENT_DISPLAY)) {
            server.await("listening on /127.0.0.1:" + port);
            PeerProcess.Result result = sshDashY(home, port, xServer,
                    "echo \"DISPLAY=$DISPLAY\"; " + XDPYINFO + "; echo \"xdpyinfo exit $?\"");

            FakeXServer.Setup setup = xServer.setup().get(10, TimeUnit.SECONDS);
            assertTrue(setup.byteOrder() == 'l' || setup.byteOrder() == 'B', setup::toString);
            assertEquals(11, setup.majorVersion());
            assertEquals("MIT-MAGIC-COOKIE-1", setup.authorizationName());
            assertArrayEquals(cookie, setup.authorizationData(), "the client's real cookie, put in by ssh");

            assertEquals(0, result.exitCode(), result::toString);
            Matcher display = Pattern.compile("DISPLAY=127\\.0\\.0\\.1:(\\d+)\\.0\n").matcher(result.stdout());
            assertTrue(display.find(), result::toString);
            assertTrue(Integer.parseInt(display.group(1)) >= 10, "from x11DisplayOffset: " + display.group(1));
            assertTrue(result.stdout().contains("xdpyinfo exit 1"), result::toString);
            // Xlib prints the X server's refusal, which came back the whole way
            assertTrue(result.stderr().contains(FakeXServer.REASON), result::toString);
            assertTrue(result.stderr().contains("unable to open display \"127.0.0.1:" + display.group(1) + ".0\""),
                    result::toString);
            String console = String.join("\n", server.console());
            assertFalse(console.contains(HexFormat.of().formatHex(cookie)), console);
        }
    }

    @Test
    void withX11ForwardingOffSshSaysTheRequestFailed() throws Exception {
        Path home = install(false);
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port);
                FakeXServer xServer = FakeXServer.start(CLIENT_DISPLAY)) {
            server.await("listening on /127.0.0.1:" + port);
            PeerProcess.Result result = sshDashY(home, port, xServer, "echo \"DISPLAY=$DISPLAY\"");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("X11 forwarding request failed on channel 0"), result::toString);
            assertEquals("DISPLAY=\n", result.stdout(), result::toString);
            assertFalse(xServer.setup().isDone(), "nothing reached the client's X server");
        }
    }
}
