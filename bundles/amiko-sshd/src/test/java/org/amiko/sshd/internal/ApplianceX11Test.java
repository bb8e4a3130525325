// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.forward.X11Display;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The appliance's X11 forwarding ({@code x11Forwarding}, RFC 4254 section 6.3): granted to
 * {@code shell=os} sessions of keys that allow it, a command gets {@code DISPLAY} and a private
 * {@code XAUTHORITY} with the client's cookie, both gone when it ends; bad requests are refused and
 * their cookies never logged.
 */
@Timeout(60)
class ApplianceX11Test {
    private static final String COOKIE = "0123456789abcdef0123456789abcdef";
    private static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";
    /** Above the display numbers of the machine's own X servers and sshd sessions. */
    private static final int OFFSET = 300;

    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final ApplianceFixture appliance = new ApplianceFixture();
    private LogRecorder log;

    @BeforeEach
    void record() {
        log = LogRecorder.start("org.amiko.sshd");
        appliance.x11 = X11Settings.of(true, OFFSET);
    }

    @AfterEach
    void stop() {
        log.close();
        appliance.close();
    }

    /**
     * A client logged in with a key whose authorized_keys line has {@code options}, to a server of
     * {@code fixture} running {@code runner}.
     */
    private static Transport loggedIn(ApplianceFixture fixture, String options, CommandRunner runner) throws Exception {
        KeyPair user = ApplianceFixture.generate();
        AuthorizedKeys keys = AuthorizedKeys.parse((options.isEmpty() ? "" : options + " ")
                + PublicKeyLine.of(user.getPublic(), "test").format() + "\n");
        Transport client = fixture.serve(keys, null, runner, ForwardingSettings.OFF);
        client.authPublickey("anyone", user);
        return client;
    }

    private Transport loggedIn(String options) throws Exception {
        return loggedIn(appliance, options, appliance.os);
    }

    /** Another appliance with X11 forwarding as {@code settings} say, for a test that needs several. */
    private static ApplianceFixture appliance(X11Settings settings) {
        ApplianceFixture fixture = new ApplianceFixture();
        fixture.x11 = settings;
        return fixture;
    }

    private static boolean granted(Transport client, String protocol, String cookie, int screen) throws Exception {
        return client.openSession().requestX11(false, protocol, cookie, screen);
    }

    private static boolean xauthInstalled() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "xauth")));
    }

    /** What the log says, every record formatted with its parameters. */
    private String logText() {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : log.records()) {
            text.append(record.getLevel()).append(' ').append(FORMAT.formatMessage(record))
                    .append('\n');
        }
        return text.toString();
    }

    @Test
    void aCommandGetsADisplayAndItsCookieWhileItRuns() throws Exception {
        assumeTrue(xauthInstalled(), "xauth not installed");
        try (Transport client = loggedIn("")) {
            // the client's X server: answers each forwarded connection with what it sent
            client.setChannelHandler(Channel.X11_CHANNEL, x -> x.getInputStream().transferTo(x.getOutputStream()));
            Channel session = client.openSession();
            assertTrue(session.requestX11(false, PROTOCOL, COOKIE, 1));
            session.exec("echo \"$DISPLAY\"; echo \"$XAUTHORITY\"; xauth -f \"$XAUTHORITY\" list; cat");
            BufferedReader out = new BufferedReader(new InputStreamReader(session.getInputStream(), StandardCharsets.UTF_8));
            String display = out.readLine();
            assertTrue(display.matches("127\\.0\\.0\\.1:\\d+\\.1"), display);
            int number = Integer.parseInt(display.substring(display.indexOf(':') + 1, display.lastIndexOf('.')));
            assertTrue(number >= OFFSET, display);
            Path authority = Path.of(out.readLine());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(authority.getParent())));
            // xauth names the local host's entry HOST/unix:N, as sshd's X11UseLocalhost makes it
            String entry = out.readLine();
            assertTrue(entry.matches(".*/unix:" + number + "\\s+" + PROTOCOL + "\\s+" + COOKIE), entry);

            try (Socket x = new Socket(InetAddress.getByName("127.0.0.1"), X11Display.TCP_PORT_BASE + number)) {
                x.getOutputStream().write("xclient".getBytes(StandardCharsets.US_ASCII));
                x.shutdownOutput();
                assertArrayEquals("xclient".getBytes(StandardCharsets.US_ASCII), x.getInputStream().readAllBytes());
            }

            session.shutdownOutput(); // cat ends, and the command with it
            assertEquals(0, session.recvExitStatus());
            // the directory goes just after the exit status is sent, on the command's thread
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(authority.getParent()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertFalse(Files.exists(authority.getParent()), authority.getParent().toString());
            assertThrows(ConnectException.class,
                    () -> new Socket(InetAddress.getByName("127.0.0.1"), X11Display.TCP_PORT_BASE + number).close());
        }
        assertFalse(logText().contains(COOKIE), logText());
    }

    @Test
    void offByDefault() throws Exception {
        try (ApplianceFixture fixture = appliance(X11Settings.OFF);
                Transport client = loggedIn(fixture, "", fixture.os)) {
            assertFalse(granted(client, PROTOCOL, COOKIE, 0));
        }
    }

    @Test
    void keysThatSayNoAreRefused() throws Exception {
        for (String refusing : List.of("no-X11-forwarding", "restrict")) {
            try (ApplianceFixture fixture = appliance(X11Settings.of(true, OFFSET));
                    Transport client = loggedIn(fixture, refusing, fixture.os)) {
                assertFalse(granted(client, PROTOCOL, COOKIE, 0), refusing);
            }
        }
    }

    @Test
    void aKeyWithRestrictMayStillBePermittedX11() throws Exception {
        try (Transport client = loggedIn("restrict,X11-forwarding")) {
            assertTrue(granted(client, PROTOCOL, COOKIE, 0));
        }
    }

    @Test
    void gogoHasNoUseForX() throws Exception {
        CommandRunner gogo = (channel, command, pty, control, environment, login) -> { };
        try (Transport client = loggedIn(appliance, "", gogo)) {
            assertFalse(granted(client, PROTOCOL, COOKIE, 0));
        }
    }

    @Test
    void badProtocolNamesCookiesAndScreensAreRefusedWithoutLoggingTheCookie() throws Exception {
        String shellCookie = "00ff\nremove *";
        try (Transport client = loggedIn("")) {
            assertFalse(granted(client, PROTOCOL, shellCookie, 0), "a cookie xauth would take for two commands");
            assertFalse(granted(client, PROTOCOL, "0ff", 0), "an odd number of hex digits");
            assertFalse(granted(client, PROTOCOL, "", 0), "no cookie");
            assertFalse(granted(client, "MIT MAGIC", COOKIE, 0), "a space in the protocol name");
            assertFalse(granted(client, PROTOCOL, COOKIE, -1), "a screen number past 2^31");
            assertTrue(client.isActive());
            Channel session = client.openSession();
            assertTrue(session.requestX11(false, PROTOCOL, COOKIE, 0));
            assertFalse(session.requestX11(false, PROTOCOL, COOKIE, 0), "one display per session, as sshd");
        }
        String text = logText();
        assertTrue(text.contains("invalid X11 forwarding data"), text);
        assertFalse(text.contains("00ff") || text.contains(COOKIE), text);
    }

    @Test
    void withoutXauthTheCommandRunsWithoutDisplayAndTheWarningHidesTheCookie() throws Exception {
        for (String xauth : List.of("/nonexistent/xauth", "/bin/false")) {
            try (ApplianceFixture fixture = appliance(new X11Settings(true, OFFSET, xauth));
                    Transport client = loggedIn(fixture, "", fixture.os)) {
                Channel session = client.openSession();
                assertTrue(session.requestX11(false, PROTOCOL, COOKIE, 0));
                session.exec("echo \"display=$DISPLAY\"");
                assertEquals("display=\n", new String(session.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(0, session.recvExitStatus());
            }
        }
        String text = logText();
        assertTrue(text.contains("WARNING no X11 forwarding"), text);
        assertTrue(text.contains("/nonexistent/xauth") && text.contains("/bin/false failed"), text);
        assertFalse(text.contains(COOKIE), text);
    }
}
