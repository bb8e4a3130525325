// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.client.ConnectOptions;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.core.Amiko;
import org.amiko.forward.X11Authorization;
import org.amiko.forward.X11Display;
import org.amiko.forward.X11Forwarding;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Amiko client's X11 forwarding against OpenSSH's sshd with {@code X11Forwarding yes}: sshd
 * files the fake cookie with xauth and sets DISPLAY, a real X client ({@code xdpyinfo}) connects
 * to sshd's display, and the connection reaches this side's display (a fake X server on a Unix
 * socket) with the real cookie, and the display's refusal goes back to xdpyinfo.
 */
@Timeout(60)
class X11AmikoClientTest {
    private static final String XAUTH = "/usr/bin/xauth";
    private static final String XDPYINFO = "/usr/bin/xdpyinfo";

    @TempDir
    Path directory;

    /**
     * What both tests use: a user key, an xauth for sshd that files the cookies in the test's own
     * Xauthority (not root's ~/.Xauthority), the local display's real cookie, and its socket.
     */
    private record Rig(KeyPair user, Path serverDirectory, Path authority, Path xauth, X11Authorization real,
            Path socket) {
        /** sshd with X11 forwarding and that xauth. */
        OpenSshServer sshd() throws Exception {
            return OpenSshServer.start(serverDirectory, List.of(user), "X11Forwarding yes", "XAuthLocation " + xauth);
        }

        X11Display display() {
            return X11Display.parse(socket.toString());
        }

        /** Prints DISPLAY, then runs a real X client against it. */
        String xdpyinfo() {
            return "echo \"display=$DISPLAY\"; XAUTHORITY=" + authority + " " + XDPYINFO + " 2>&1";
        }
    }

    private Rig rig() throws Exception {
        assumeTrue(OpenSshServer.available(), "sshd not runnable here");
        assumeTrue(PeerProcess.available(XAUTH) && PeerProcess.available(XDPYINFO), "xauth or xdpyinfo not installed");
        Path serverDirectory = Files.createDirectories(directory.resolve("sshd"));
        Path authority = serverDirectory.resolve("Xauthority");
        Path xauth = serverDirectory.resolve("xauth");
        Files.writeString(xauth, "#!/bin/sh\nexec " + XAUTH + " -f " + authority + " \"$@\"\n");
        Files.setPosixFilePermissions(xauth, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] cookie = new byte[16];
        new SecureRandom().nextBytes(cookie);
        return new Rig(KeyPairs.generate("ssh-ed25519"), serverDirectory, authority, xauth,
                new X11Authorization(X11Authorization.MIT_MAGIC_COOKIE, cookie), directory.resolve("X0"));
    }

    @Test
    void anXClientOnTheServerReachesTheLocalDisplayWithTheRealCookie() throws Exception {
        Rig rig = rig();
        try (OpenSshServer sshd = rig.sshd();
                FakeXServer display = FakeXServer.start(rig.socket());
                Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            transport.authPublickey("root", rig.user());
            Channel session = transport.openSession();
            X11Forwarding.on(transport, rig.display(), rig.real()).request(session, false);
            session.exec(rig.xdpyinfo());
            String out = new String(session.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, session.recvExitStatus(), out);
            assertTrue(out.contains("display=localhost:1"), out);

            FakeXServer.Setup setup = display.setup().get(10, TimeUnit.SECONDS);
            assertEquals(X11Authorization.MIT_MAGIC_COOKIE, setup.authorizationName());
            assertArrayEquals(rig.real().data(), setup.authorizationData(),
                    "the real cookie, in place of the fake one sshd was given");
            assertTrue(out.contains(FakeXServer.REASON), out); // the display's answer came back to xdpyinfo
        }
    }

    /**
     * The same through an ssh_config's {@code ForwardX11 yes}, with {@link SshClient}; and
     * {@code ForwardX11Trusted no}, untrusted forwarding this client does not make, leaves X11
     * unforwarded (no DISPLAY on the server); so does {@code forwardX11(true)} without a local
     * display, the session going on.
     */
    @Test
    void forwardX11InAnSshConfig() throws Exception {
        Rig rig = rig();
        try (OpenSshServer sshd = rig.sshd();
                FakeXServer display = FakeXServer.start(rig.socket())) {
            String host = KnownHostsFile.sshConfigHost("box", sshd.port(), "root",
                    KnownHostsFile.write(directory.resolve("known_hosts"), sshd.port(), sshd.hostKeys()))
                    + "  ForwardX11 yes\n";
            ConnectOptions key = new ConnectOptions(List.of(rig.user()), false, false, null, null);
            try (SshClient client = new SshClient().x11Display(rig.display(), rig.real())) {
                client.connect("box", SshConfig.parse(host), key);
                String out = new String(client.exec(rig.xdpyinfo()).stdout().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(out.matches("(?s).*display=localhost:\\d+\\.0\n.*"), out);
                FakeXServer.Setup setup = display.setup().get(10, TimeUnit.SECONDS);
                assertArrayEquals(rig.real().data(), setup.authorizationData(), "the real cookie reached the display");
            }
            try (SshClient client = new SshClient().x11Display(rig.display(), rig.real())) {
                client.connect("box", SshConfig.parse(host.replace("  ForwardX11 yes\n",
                        "  ForwardX11Trusted no\n  ForwardX11 yes\n")), key);
                String out = new String(client.exec("echo \"display=$DISPLAY.\"").stdout().readAllBytes(),
                        StandardCharsets.UTF_8);
                assertEquals("display=.\n", out, "untrusted asked for: not forwarded");
            }
            if (System.getenv("DISPLAY") == null) {
                // forwardX11(true) without a display here: the session goes on without X11
                try (SshClient client = new SshClient().forwardX11(true)) {
                    client.connect("box", SshConfig.parse(host.replace("  ForwardX11 yes\n", "")), key);
                    String out = new String(client.exec("echo \"display=$DISPLAY.\"").stdout().readAllBytes(),
                            StandardCharsets.UTF_8);
                    assertEquals("display=.\n", out);
                }
            }
        }
    }
}
