// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Amiko features in a real Apache Karaf: {@code feature:repo-add} of the features repository
 * this build made, {@code feature:install amiko-sshd} through {@code bin/client}, then OpenSSH logs
 * into the Amiko server Karaf now runs. Karaf installs only from its own {@code system/} folder and
 * the repository directory this module's build filled from the reactor, offline.
 *
 * <p>The methods run in order on one Karaf: the last one installs {@code amiko-bc}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SERVER_UP = Duration.ofSeconds(60);
    private static final String CHACHA = "chacha20-poly1305@openssh.com";
    /** A Gogo expression, not a registered command: it runs in any CommandProcessor's session. */
    private static final String LIST_BUNDLES = "$.context bundles";

    /** A row of {@code jaas:whoami --all}: the client's principal, as Karaf's own SSH server adds it. */
    private static final Pattern CLIENT_PRINCIPAL = Pattern.compile(
            "ssh\\(/127\\.0\\.0\\.1:\\d+\\)\\s+org\\.apache\\.karaf\\.jaas\\.boot\\.principal\\.ClientPrincipal");
    /** What a terminal takes as a command rather than text: CSI sequences, and ESC = and ESC > (the keypad's modes). */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001b(\\[[0-9;?]*[A-Za-z~]|[=>])");

    /** Bracketed paste on: what JLine's line reader writes once it has put the terminal in raw mode. */
    private static final String LINE_READER_STARTS = "\u001b[?2004h";

    /** The amiko-sshd feature's default port. */
    private static final int AMIKO_PORT = 2222;

    private KarafInstance karaf;
    private OpenSsh ssh;
    /** The private key of Karaf's realm user {@code keyed} (etc/keys.properties). */
    private Path realmKey;

    @BeforeAll
    void bootKarafAndInstallSshd() throws Exception {
        assumeTrue(PeerProcess.available(OpenSsh.SSH) && PeerProcess.available(OpenSsh.SSH_KEYGEN),
                "the OpenSSH client (ssh, ssh-keygen) is not installed");
        karaf = KarafInstance.prepare(Path.of(System.getProperty("amiko.itest.karaf.dist")),
                Path.of(System.getProperty("amiko.itest.karaf.repo")),
                Path.of(System.getProperty("amiko.itest.karaf.work")));
        Path identity = OpenSsh.generateKey(karaf.home().getParent());
        // a key Karaf's realm holds (etc/keys.properties: the key's blob, then roles) and Amiko's
        // authorized_keys does not: Karaf's module checks RSA, DSA and ECDSA keys, not Ed25519
        realmKey = OpenSsh.generateKey(karaf.home().getParent(), "rsa");
        String blob = Files.readString(Path.of(realmKey + ".pub"), StandardCharsets.US_ASCII).trim().split("\\s+")[1];
        Files.writeString(karaf.etc().resolve("keys.properties"), "\nkeyed = " + blob + ",ssh,viewer\n",
                StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        // where the feature's default authorizedKeys points
        Path amikoEtc = Files.createDirectories(karaf.etc().resolve("amiko"));
        Files.copy(Path.of(identity + ".pub"), amikoEtc.resolve("authorized_keys"));

        // The server runs on the feature's defaults, 127.0.0.1:2222, as a user would get it.
        // Changing the port right after the install (config:property-set) is not an option: Karaf
        // 4.4.10's concurrent writers of etc/*.cfg (the feature installer, the config commands,
        // FileInstall's poll and write-back) were seen to lose keys of the fresh configuration.
        assertPortFree(AMIKO_PORT);
        karaf.start(BOOT);
        PeerProcess.Result install = karaf.client("feature:repo-add " + System.getProperty("amiko.itest.features"),
                "feature:install amiko-sshd");
        assertConsoleSucceeded(install);
        // SCR starts the listener after feature:install has returned; there is no event to wait on
        karaf.awaitPort(AMIKO_PORT, System.nanoTime() + SERVER_UP.toNanos());
        ssh = OpenSsh.forServer(karaf.home().getParent(), AMIKO_PORT, identity, hostKeyFiles(amikoEtc));
    }

    @AfterAll
    void stopKaraf() {
        if (karaf != null) {
            karaf.close();
        }
    }

    /**
     * The feature's configuration is created (and written to etc/org.amiko.sshd.cfg) with its Karaf
     * defaults, and ${karaf.etc} resolves: the server made its host keys and password file under
     * etc/amiko and left Karaf's own etc/users.properties (its JAAS realm) alone.
     */
    @Test
    @Order(1)
    void featureConfigurationUsesKarafPaths() throws IOException {
        String config = Files.readString(karaf.etc().resolve("org.amiko.sshd.cfg"), StandardCharsets.ISO_8859_1);
        Path amikoEtc = karaf.etc().resolve("amiko").toAbsolutePath().normalize();
        assertTrue(Pattern.compile("(?m)^port\\s*=\\s*" + AMIKO_PORT + "\\s*$").matcher(config).find(), config);
        assertTrue(Pattern.compile("(?m)^address\\s*=\\s*127\\.0\\.0\\.1\\s*$").matcher(config).find(), config);
        assertTrue(Pattern.compile("(?m)^shell\\s*=\\s*gogo\\s*$").matcher(config).find(), config);
        // Karaf writes the values resolved; a later rewrite (config:property-set) keeps ${karaf.etc};
        // authorizedKeys is quoted, since it may list files and Karaf's directory may hold a space
        for (String[] entry : new String[][] {{"authorizedKeys", "/authorized_keys", "\""},
                {"users", "/users.properties", ""}, {"hostKeyDirectory", "", ""}}) {
            String resolved = entry[0] + " = " + entry[2] + amikoEtc + entry[1] + entry[2];
            String placeholder = entry[0] + " = " + entry[2] + "${karaf.etc}/amiko" + entry[1] + entry[2];
            assertTrue(config.contains(resolved + "\n") || config.contains(placeholder + "\n"),
                    () -> resolved + "?\n" + config);
        }
        assertEquals(3, hostKeyFiles(amikoEtc).size(), "host keys (ed25519, ecdsa, rsa) in " + amikoEtc);
        assertTrue(Files.exists(amikoEtc.resolve("users.properties")), "Amiko's password file in " + amikoEtc);
        String jaasUsers = Files.readString(karaf.etc().resolve("users.properties"), StandardCharsets.ISO_8859_1);
        assertFalse(Pattern.compile("(?m)^admin\\s*=").matcher(jaasUsers).find(),
                "Amiko's first-start user leaked into Karaf's JAAS users.properties:\n" + jaasUsers);
    }

    /**
     * shell=gogo works in Karaf: amiko-sshd's optional import of org.apache.felix.service.command
     * is wired to Karaf's shell, whose CommandProcessor evaluates what arrives over SSH. Output and
     * exit status come back through OpenSSH: 0 with the framework's bundle list (every Amiko bundle
     * active), 1 with the error on stderr for a command that does not exist.
     */
    @Test
    @Order(2)
    void gogoRunsOverSshWithExitStatus() throws Exception {
        PeerProcess.Result bundles = ssh.exec(LIST_BUNDLES);
        assertEquals(0, bundles.exitCode(), bundles::toString);
        for (String bundle : List.of("org.amiko", "org.amiko.spi", "org.amiko.keys", "org.amiko.core", "org.amiko.jca",
                "org.amiko.forward", "org.amiko.agent", "org.amiko.sshd")) {
            assertTrue(activeBundle(bundle).matcher(bundles.stdout()).find(), bundle + " active?\n" + bundles);
        }
        PeerProcess.Result missing = ssh.exec("amiko-no-such-command");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().contains("amiko-no-such-command"), missing::toString);
    }

    /**
     * Karaf's own commands (bundle:list) and amiko:* over SSH: every command Karaf registers needs
     * the Karaf Session that only Karaf's SessionFactory creates, which amiko-sshd uses when it is
     * there (a bare Gogo CommandSession failed with "session is null").
     */
    @Test
    @Order(3)
    void karafCommandsRunOverSsh() throws Exception {
        PeerProcess.Result list = ssh.exec("bundle:list -s");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.stdout().contains("org.amiko.sshd"), list::toString);
        PeerProcess.Result algorithms = ssh.exec("amiko:algorithms");
        assertEquals(0, algorithms.exitCode(), algorithms::toString);
        assertTrue(algorithms.stdout().contains("aes256-gcm@openssh.com"), algorithms::toString);
    }

    /**
     * Karaf's command ACLs see the login's roles ({@code karafRoles}, by default what Karaf's
     * admingroup holds): {@code system:property}, which etc/org.apache.karaf.command.acl.system.cfg
     * keeps for admin, runs over Amiko. Before, commands ran with no JAAS subject, and Karaf's
     * secured console did not even know the command.
     */
    @Test
    @Order(4)
    void karafAclsSeeTheLoginsRoles() throws Exception {
        PeerProcess.Result set = ssh.exec("system:property amiko.itest.roles granted");
        assertEquals(0, set.exitCode(), set::toString);
        PeerProcess.Result get = ssh.exec("system:property amiko.itest.roles");
        assertEquals(0, get.exitCode(), get::toString);
        assertEquals("granted", get.stdout().strip(), get::toString);
        assertNamesTheClient(ssh.exec("jaas:whoami --all --no-format"));
    }

    /**
     * A login's subject names its client as Karaf's SSH server names it, {@code ssh(/ADDRESS:PORT)},
     * for Karaf's audit log and audit login modules: {@code jaas:whoami --all} lists it.
     */
    private static void assertNamesTheClient(PeerProcess.Result whoami) {
        assertEquals(0, whoami.exitCode(), whoami::toString);
        assertTrue(CLIENT_PRINCIPAL.matcher(whoami.stdout()).find(), whoami::toString);
    }

    /**
     * An interactive login with a pty gets Karaf's own console, as Karaf's SSH server gives it
     * (peers/paramiko_karaf_console.py): its ssh welcome and prompt, the client's window size and
     * its changes ({@code $COLUMNS}), Ctrl-C stopping the command that runs, Tab completing an
     * argument (a feature's name), an admin command, and {@code logout} with status 0.
     */
    @Test
    @Order(5)
    void theConsoleIsKarafsOwn() throws Exception {
        assumeTrue(PeerProcess.available(OpenSsh.PYTHON), OpenSsh.PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(OpenSsh.PYTHON, "-c", "import paramiko"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-paramiko not installed: " + probe.stderr());
        Path script = Path.of(KarafFeaturesTest.class.getResource("/peers/paramiko_karaf_console.py").toURI());
        PeerProcess.Result result = ssh.python(script, Duration.ofSeconds(120));
        List<String> failed = result.stdout().lines().filter(line -> line.startsWith("fail ")).toList();
        assertEquals(List.of(), failed, result::toString);
        assertEquals(List.of("ok welcome", "ok width", "ok window-change", "ok ctrl-c", "ok argument-completion",
                "ok admin-command", "ok logout"), result.stdout().lines().filter(line -> line.startsWith("ok ")).toList(),
                result::toString);
        assertEquals(0, result.exitCode(), result::toString);
    }

    /**
     * AsyncSSH's {@code INT} signal request (RFC 4254 section 6.9) reaches Karaf's console through
     * bin/amiko's runner and stops the command that runs, as Ctrl-C does; and the client's terminal
     * modes (section 8) are the console's: with intr ^G, ^G stops it (peers/asyncssh_karaf_signal.py).
     */
    @Test
    @Order(6)
    void theIntSignalStopsTheConsolesCommand() throws Exception {
        PeerProcess.Result probe = PeerProcess.run(List.of(OpenSsh.PYTHON, "-c", "import asyncssh"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-asyncssh not installed: " + probe.stderr());
        Path script = Path.of(KarafFeaturesTest.class.getResource("/peers/asyncssh_karaf_signal.py").toURI());
        // two checks of at most 30 s each, so that a slow failure still prints its line
        PeerProcess.Result result = ssh.python(script, Duration.ofSeconds(90));
        assertEquals(List.of("ok int-signal", "ok terminal-modes"), result.stdout().lines().toList(),
                result::toString);
        assertEquals(0, result.exitCode(), result::toString);
    }

    /**
     * The interactive console on a terminal reads lines with Karaf's own JLine (through OpenSSH,
     * whose keys go in one go, ahead of the prompts): Up brings back the last line, and Tab
     * completes a command's name from Karaf's registry.
     */
    @Test
    @Order(7)
    void theConsoleOnATerminalRecallsLines() throws Exception {
        PeerProcess.Result result = ssh.typeInShell("echo recalled\r\u001b[A\rec\ttabbed\rlogout\r");
        assertEquals(0, result.exitCode(), result::toString);
        // The keys arrive while Karaf prints its welcome, with the client's echo on, so the
        // terminal echoes them there, anywhere in it (CI once saw the typed "recalled" alone on a
        // line); JLine's line reader turns bracketed paste on once it has the terminal in
        // raw mode, so the console's work starts there
        String console = result.stdout();
        int reading = console.indexOf(LINE_READER_STARTS);
        assertTrue(reading >= 0, result::toString);
        // Karaf's console colours what is typed, so its answers are the lines that are just the
        // word once the escape sequences are gone; the echo of a typed line starts with the prompt
        List<String> lines = ANSI_ESCAPE.matcher(console.substring(reading)).replaceAll("").lines()
                .map(String::strip).toList();
        assertEquals(2, lines.stream().filter("recalled"::equals).count(), result::toString);
        // and Tab completed the name from Karaf's registry ("ec tabbed" would be a command not found)
        assertTrue(lines.contains("tabbed"), result::toString);
    }

    /**
     * Installing the amiko-bc feature makes chacha20-poly1305@openssh.com available to the next
     * login: refused before ("no matching cipher"), negotiated after.
     *
     * <p>bcprov satisfies optional Bouncy Castle imports of Karaf's own SSH server (Apache MINA
     * SSHD), so Karaf refreshes its shell, SCR and every DS bundle, Amiko's server among them, and
     * may cut the client's console connection before the command's end. So the client's exit
     * status proves little, and the login is polled, with a deadline, until the restarted server
     * answers.
     */
    @Test
    @Order(8)
    void bcFeatureAddsChaCha20Poly1305() throws Exception {
        PeerProcess.Result before = ssh.exec(LIST_BUNDLES, "Ciphers=" + CHACHA);
        assertEquals(255, before.exitCode(), before::toString);
        assertTrue(before.stderr().contains("no matching cipher"), before::toString);

        PeerProcess.Result install = karaf.client("feature:install amiko-bc");
        assertFalse(install.stdout().contains("Error executing command"), install::toString);

        long deadline = System.nanoTime() + SERVER_UP.toNanos();
        PeerProcess.Result after;
        do {
            Thread.sleep(500);
            after = ssh.exec(LIST_BUNDLES, "Ciphers=" + CHACHA);
        } while (after.exitCode() != 0 && System.nanoTime() < deadline);
        assertEquals(0, after.exitCode(), after + "\n" + karaf.logTail());
        assertTrue(activeBundle("org.amiko.bc").matcher(after.stdout()).find(), after::toString);
        // the refresh restarted Karaf's own SSH server too, which the next tests' bin/client needs
        karaf.awaitConsole(System.nanoTime() + SERVER_UP.toNanos());
    }

    /**
     * A match block made with Karaf's own config commands (a factory configuration of
     * {@code org.amiko.match}) holds from the next login: the user it names gets its forced
     * command in place of what it asks. After the bc feature's refresh, the server is the one that
     * restarted.
     */
    @Test
    @Order(9)
    void matchBlockFromKarafsConfigCommands() throws Exception {
        PeerProcess.Result edit = karaf.client("config:edit --factory --alias tester org.amiko.match",
                "config:property-set user tester", "config:property-set forceCommand \"echo matched\"", "config:update");
        assertConsoleSucceeded(edit);
        PeerProcess.Result forced = ssh.exec(LIST_BUNDLES);
        assertEquals(0, forced.exitCode(), () -> forced + "\n" + karaf.logTail());
        assertEquals("matched", forced.stdout().strip(), forced::toString);
    }

    /**
     * A match block's {@code karafRoles} replaces the server-wide roles for the logins it matches:
     * a user given only {@code viewer} can list features but not run {@code system:property},
     * which Karaf's ACL keeps for admin and so does not show a viewer.
     */
    @Test
    @Order(10)
    void aMatchBlockNarrowsTheRoles() throws Exception {
        PeerProcess.Result edit = karaf.client("config:edit --factory --alias viewer org.amiko.match",
                "config:property-set user viewer", "config:property-set karafRoles viewer", "config:update");
        assertConsoleSucceeded(edit);
        PeerProcess.Result listed = ssh.execAs("viewer", "feature:list -i");
        assertEquals(0, listed.exitCode(), () -> listed + "\n" + karaf.logTail());
        assertTrue(listed.stdout().contains("amiko-sshd"), listed::toString);
        PeerProcess.Result refused = ssh.execAs("viewer", "system:property amiko.itest.roles");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("Command not found: system:property"), refused::toString);
        // and the other logins keep the server-wide roles
        PeerProcess.Result admin = ssh.execAs("operator", "system:property amiko.itest.roles");
        assertEquals("granted", admin.stdout().strip(), admin::toString);
    }

    /**
     * With {@code jaasRealm = karaf}, passwords are Karaf's own users' (etc/users.properties), and
     * as with Karaf's sshRole a user without the {@code ssh} role ({@code jaasRole}, set by the
     * feature) is refused; the console runs as the realm's subject, with its user's roles (karaf's
     * admin ones, support's viewer), not {@code karafRoles}. Keys of authorized_keys log in as
     * before, and a key of Karaf's etc/keys.properties logs in as its user. The server restarts on
     * the change, so the login is polled, with a deadline, until the restarted server answers.
     * Last: the realm stays on.
     */
    @Test
    @Order(11)
    void passwordsFromKarafsRealm() throws Exception {
        Path script = Path.of(KarafFeaturesTest.class.getResource("/peers/paramiko_password_exec.py").toURI());
        assumeTrue(PeerProcess.available(OpenSsh.PYTHON), OpenSsh.PYTHON + " not installed");
        PeerProcess.Result set = karaf.client("config:property-set -p org.amiko.sshd jaasRealm karaf");
        assertConsoleSucceeded(set);
        long deadline = System.nanoTime() + SERVER_UP.toNanos();
        PeerProcess.Result admin;
        do {
            Thread.sleep(500);
            admin = ssh.execWithPassword(script, "karaf", "karaf", "system:property amiko.itest.roles");
        } while (admin.exitCode() != 0 && System.nanoTime() < deadline);
        assertEquals(0, admin.exitCode(), admin + "\n" + karaf.logTail());
        assertEquals("granted", admin.stdout().strip(), admin::toString);
        assertEquals(5, ssh.execWithPassword(script, "karaf", "wrong", "bundle:list").exitCode());
        assertNamesTheClient(ssh.execWithPassword(script, "karaf", "karaf", "jaas:whoami --all --no-format"));
        // a viewer of the realm runs with the realm's roles, not the server-wide karafRoles (admin)
        PeerProcess.Result support = ssh.execWithPassword(script, "support", "help", "system:property amiko.itest.roles");
        assertEquals(1, support.exitCode(), support::toString);
        assertTrue(support.stderr().contains("Command not found: system:property"), support::toString);
        assertEquals(0, ssh.execWithPassword(script, "support", "help", "feature:list -i").exitCode());
        PeerProcess.Result watcher = ssh.execWithPassword(script, "watcher", "watch", "bundle:list");
        assertEquals(5, watcher.exitCode(), watcher::toString);
        PeerProcess.Result key = ssh.execAs("operator", "system:property amiko.itest.roles");
        assertEquals("granted", key.stdout().strip(), key::toString);
        // a key of etc/keys.properties logs in as its user, with that user's roles (viewer)
        PeerProcess.Result keyed = ssh.execWith(realmKey, "keyed", "feature:list -i");
        assertEquals(0, keyed.exitCode(), () -> keyed + "\n" + karaf.logTail());
        PeerProcess.Result keyedAdmin = ssh.execWith(realmKey, "keyed", "system:property amiko.itest.roles");
        assertEquals(1, keyedAdmin.exitCode(), keyedAdmin::toString);
        assertTrue(keyedAdmin.stderr().contains("Command not found: system:property"), keyedAdmin::toString);
        // and not as another user
        assertEquals(255, ssh.execWith(realmKey, "karaf", "feature:list -i").exitCode());
    }

    /** A line of Karaf's bundle table: {@code ID|Active|level|symbolic.name (version)}. */
    private static Pattern activeBundle(String symbolicName) {
        return Pattern.compile("(?m)\\|Active\\s*\\|[^|]*\\|" + Pattern.quote(symbolicName) + " \\(");
    }

    private void assertConsoleSucceeded(PeerProcess.Result result) {
        // bin/client reports a failed command on stdout and, in batch mode, with exit status 1
        assertEquals(0, result.exitCode(), () -> result + "\n" + karaf.logTail());
        assertFalse(result.stdout().contains("Error executing command"), () -> result + "\n" + karaf.logTail());
    }

    /** Fails early, and says why, when something else already holds the feature's default port. */
    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (BindException e) {
            throw new AssertionError("127.0.0.1:" + port + ", the amiko-sshd feature's default port, is in use by "
                    + "another process (an Amiko distribution started by hand?); this test needs it", e);
        }
    }

    private static List<Path> hostKeyFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches("ssh_host_.*_key\\.pub")).sorted()
                    .toList();
        }
    }
}
