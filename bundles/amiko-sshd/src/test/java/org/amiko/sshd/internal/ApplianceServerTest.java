// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.amiko.sshd.internal.ApplianceFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.RevokedKeys;
import org.amiko.sshd.OsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's authorization: authorized_keys options enforced, passwords, refusals. */
class ApplianceServerTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private final ExecutorService workers = appliance.workers;

    @TempDir
    Path directory;

    private static KeyPair generate() {
        return ApplianceFixture.generate();
    }

    /** What the server runs commands with: shell=os unless a test says otherwise. */
    private final CommandRunner runner = appliance.os;

    private Transport serve(String authorizedKeys) throws Exception {
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        return appliance.serve(AuthorizedKeys.parse(authorizedKeys), PasswordFile.load(users), runner,
                ForwardingSettings.OFF);
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** A client logged in with a key whose authorized_keys line has {@code options}. */
    private Transport loggedIn(String options) throws Exception {
        KeyPair user = generate();
        Transport client = serve(line(options, user));
        client.authPublickey("anyone", user);
        return client;
    }

    private static String line(String options, KeyPair key) throws Exception {
        return (options.isEmpty() ? "" : options + " ") + PublicKeyLine.of(key.getPublic(), "test").format() + "\n";
    }

    /** An authorized_keys or users file that cannot be read lets nobody in, and nothing breaks. */
    @Test
    void unreadableFilesRefuseEveryLogin() throws Exception {
        java.util.function.Function<String, AuthorizedKeys> noKeys = user -> {
            throw new UncheckedIOException(new IOException("permission denied"));
        };
        Supplier<PasswordFile> noUsers = () -> {
            throw new UncheckedIOException(new IOException("permission denied"));
        };
        try (Transport unstarted = Amiko.transport(java.nio.channels.SocketChannel.open())) {
            ApplianceServer server = new ApplianceServer(noKeys, RevokedKeys::none, noUsers, null, name -> null,
                    unstarted, workers, LoginSettings.defaults(), new MatchBlocks(() -> null));
            KeyPair key = generate();
            assertEquals(org.amiko.server.AuthResult.FAILED, server.checkAuthPublickey("admin", key.getPublic()));
            assertEquals(org.amiko.server.AuthResult.FAILED, server.checkAuthPassword("admin", "secret"));
            assertEquals(List.of("publickey"), server.getAllowedAuths("admin"));
        }
    }

    @Test
    void forcedCommandReplacesTheRequestAndKeepsTheOriginal() throws Exception {
        appliance.permitUserEnvironment = "yes";
        try (Transport client = loggedIn("command=\"echo forced: $SSH_ORIGINAL_COMMAND $FOO\",environment=\"FOO=bar\"")) {
            assertEquals("forced: rm -rf / bar\n", run(client.openSession(), "rm -rf /"));
        }
    }

    /**
     * permitUserEnvironment, as sshd's PermitUserEnvironment: by default no key's environment=
     * counts (it could give a key with a forced command LD_PRELOAD or a PATH of its own); a
     * pattern list lets those names through.
     */
    @Test
    void aKeysEnvironmentCountsOnlyAsPermitUserEnvironmentSays() throws Exception {
        // names no system file (/etc/environment, /etc/default/locale) sets, which the command would see anyway
        String options = "environment=\"LD_PRELOAD=/tmp/x.so\",environment=\"AMIKO_KEY_A=a\",environment=\"AMIKO_X_B=b\"";
        String command = "echo ${LD_PRELOAD:-none} ${AMIKO_KEY_A:-none} ${AMIKO_X_B:-none}";
        try (Transport client = loggedIn(options)) {
            assertEquals("none none none\n", run(client.openSession(), command));
        }
        appliance.permitUserEnvironment = "AMIKO_KEY_A, AMIKO_X_*";
        try (Transport client = loggedIn(options)) {
            assertEquals("none a b\n", run(client.openSession(), command));
        }
    }

    /** Two lines for one key: the first refuses this address, the second allows it (sshd reads on). */
    @Test
    void aLaterLineForTheSameKeyIsTriedWhenAnEarlierOneRefuses() throws Exception {
        KeyPair user = generate();
        try (Transport client = serve(line("from=\"10.0.0.0/8\"", user) + line("command=\"echo second\"", user))) {
            client.authPublickey("anyone", user);
            assertEquals("second\n", run(client.openSession(), "anything"));
        }
    }

    /** A forced command cannot be side-stepped with a subsystem: SFTP would reach every file. */
    @Test
    void forcedCommandRefusesSubsystems() throws Exception {
        try (Transport client = loggedIn("command=\"echo forced\"")) {
            Channel channel = client.openSession();
            assertThrows(SshException.class, () -> channel.invokeSubsystem("sftp"));
            assertEquals("forced\n", run(client.openSession(), "anything"));
        }
    }

    /**
     * forceCommand, as sshd's ForceCommand: every login runs it, with what it asked in
     * SSH_ORIGINAL_COMMAND, a password login too; it wins over a key's command=, and refuses
     * subsystems.
     */
    @Test
    void forceCommandRunsForEveryLoginAndWinsOverAKeys() throws Exception {
        appliance.forceCommand = "echo config: $SSH_ORIGINAL_COMMAND";
        try (Transport client = loggedIn("command=\"echo key\"")) {
            assertEquals("config: ls\n", run(client.openSession(), "ls"));
            Channel channel = client.openSession();
            assertThrows(SshException.class, () -> channel.invokeSubsystem("sftp"));
        }
        try (Transport client = appliance.connect()) {
            client.authPassword("pat", "secret");
            assertEquals("config: id\n", run(client.openSession(), "id"));
            Channel shell = client.openSession();
            shell.invokeShell();
            assertEquals("config:\n", new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** forceCommand internal-sftp: an SFTP-only server, whatever the login. */
    @Test
    void forceCommandInternalSftpServesSftpOnly() throws Exception {
        appliance.forceCommand = "internal-sftp";
        try (Transport client = loggedIn("")) {
            Channel sftp = client.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served\n", new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Channel shell = client.openSession();
            assertEquals("This service allows sftp connections only.\n", run(shell, "id"));
            assertEquals(1, shell.recvExitStatus());
        }
    }

    /** forceCommand as sshd reads ForceCommand: none clears it; internal-sftp's options are sftp-server's. */
    @Test
    void forceCommandNoneAndInternalSftpOptions() {
        assertEquals(null, LoginSettings.forceCommandSetting(" None "));
        assertEquals(null, LoginSettings.forceCommandSetting(""));
        assertEquals("internal-sftp", LoginSettings.forceCommandSetting("internal-sftp"));
        assertEquals("internal-sftp -R", LoginSettings.forceCommandSetting(" internal-sftp -R "));
        assertEquals(List.of(), LoginSettings.internalSftpOptions("internal-sftp"));
        assertEquals(List.of("-R", "-l", "INFO"), LoginSettings.internalSftpOptions(" internal-sftp  -R -l INFO"));
        assertEquals(null, LoginSettings.internalSftpOptions("internal-sftpx -R"));
        assertEquals(null, LoginSettings.internalSftpOptions("/usr/lib/openssh/sftp-server -R"));
        assertEquals(null, LoginSettings.internalSftpOptions(null));
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.acceptEnvPatterns("LANG X=Y"));
    }

    /** {@code command="internal-sftp"}, sshd's sftp-only key: SFTP, and no command or shell. */
    @Test
    void internalSftpKeyAllowsSftpOnly() throws Exception {
        try (Transport client = loggedIn("command=\"internal-sftp\"")) {
            Channel sftp = client.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served\n", new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Channel shell = client.openSession();
            assertEquals("This service allows sftp connections only.\n", run(shell, "cat /etc/passwd"));
            assertEquals(1, shell.recvExitStatus());
        }
    }

    /**
     * {@code command="internal-sftp -R -l INFO"}: the SFTP session starts with the options, as
     * sshd passes them to its SFTP server; a plain subsystem request of another login gets none.
     */
    @Test
    void internalSftpKeyOptionsReachTheSubsystem() throws Exception {
        try (Transport client = loggedIn("command=\"internal-sftp  -R -l INFO\"")) {
            Channel sftp = client.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served with [-R, -l, INFO]\n",
                    new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Channel shell = client.openSession();
            assertEquals("This service allows sftp connections only.\n", run(shell, "id"));
        }
        try (Transport client = loggedIn("")) {
            Channel sftp = client.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served\n", new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void noPtyAndRestrictRefuseTheTerminalAndTheAgent() throws Exception {
        try (Transport client = loggedIn("restrict")) {
            Channel channel = client.openSession();
            assertThrows(SshException.class, channel::getPty);
            assertFalse(channel.requestForwardAgent());
            assertEquals("still works\n", run(channel, "echo still works"));
        }
    }

    @Test
    void environmentRequestsAreBoundedAsSshdBoundsThem() throws Exception {
        try (Transport client = loggedIn("")) {
            Channel channel = client.openSession();
            for (int i = 0; i < ApplianceServer.MAX_ENV_VARIABLES; i++) {
                channel.setEnvironmentVariable("LC_X" + i, "C");
            }
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("LC_ONE_TOO_MANY", "C"));
            channel.setEnvironmentVariable("LC_X0", "POSIX"); // a name already set may change
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("LANG", "x".repeat(5000)));
            assertEquals(ApplianceServer.MAX_ENV_VARIABLES + " POSIX\n",
                    run(channel, "echo $(env | grep -c '^LC_X') $LC_X0"));
        }
    }

    /** acceptEnv, as sshd's AcceptEnv: the names and patterns listed, and nothing else. */
    @Test
    void acceptEnvSaysWhichVariablesAClientMaySet() throws Exception {
        appliance.acceptEnv = "TZ GIT_* ";
        try (Transport client = loggedIn("")) {
            Channel channel = client.openSession();
            channel.setEnvironmentVariable("TZ", "UTC");
            channel.setEnvironmentVariable("GIT_PROTOCOL", "version=2");
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("LC_AMIKO_TEST", "C"));
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("LD_PRELOAD", "/tmp/x.so"));
            assertEquals("UTC version=2 -\n", run(channel, "echo $TZ $GIT_PROTOCOL ${LC_AMIKO_TEST:--}"));
        }
        // whatever the patterns say: what the server sets itself, and names or values the OS refuses
        appliance.acceptEnv = "*";
        try (Transport client = loggedIn("")) {
            Channel channel = client.openSession();
            for (String name : List.of("PATH", "HOME", "SHELL", "SSH_ORIGINAL_COMMAND", "SSH_AUTH_SOCK", "LD_PRELOAD",
                    "SCOPE", "A=B", "A\0B")) {
                assertThrows(SshException.class, () -> channel.setEnvironmentVariable(name, "x"), name);
            }
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("FINE", "a\0b"));
            channel.setEnvironmentVariable("FINE", "yes");
            assertEquals("yes\n", run(channel, "echo $FINE"));
        }
        appliance.acceptEnv = "";
        try (Transport client = loggedIn("")) {
            Channel channel = client.openSession();
            assertThrows(SshException.class, () -> channel.setEnvironmentVariable("LANG", "C"));
        }
    }

    /** The agent socket exists while a command runs, and a channel closed without one leaves none. */
    @Test
    void agentSocketLivesWithTheCommandOnly() throws Exception {
        try (Transport client = loggedIn("")) {
            long before = agentThreads();
            for (int i = 0; i < 5; i++) {
                Channel unused = client.openSession();
                assertTrue(unused.requestForwardAgent());
                unused.close();
            }
            assertEquals(before, agentThreads());
            Channel channel = client.openSession();
            assertTrue(channel.requestForwardAgent());
            String socket = run(channel, "test -S \"$SSH_AUTH_SOCK\" && echo \"$SSH_AUTH_SOCK\"").strip();
            assertTrue(socket.endsWith("agent.sock"), socket);
            // removed once the command has ended (the exit status is sent first, so wait for it)
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(Path.of(socket)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(Files.exists(Path.of(socket)), socket);
        }
    }

    /** Closing the channel of a running command stops the command and what it started. */
    @Test
    void closingTheChannelStopsTheCommandAndItsChildren() throws Exception {
        try (Transport client = loggedIn("")) {
            Channel channel = client.openSession();
            List<ProcessHandle> processes = started(channel, "echo $$; sleep 600 & echo $!; wait");
            try {
                channel.close();
                awaitExit(processes, Duration.ofSeconds(10));
            } finally {
                processes.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** A command that ignores SIGTERM is killed after the grace, here when the connection is lost. */
    @Test
    void lostConnectionKillsACommandThatIgnoresTerm() throws Exception {
        Transport client = loggedIn("");
        Channel channel = client.openSession();
        List<ProcessHandle> processes = started(channel, "trap '' TERM; echo $$; sleep 600 & echo $!; wait");
        try {
            client.close();
            awaitExit(processes, OsCommand.KILL_GRACE.plusSeconds(10));
        } finally {
            processes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Runs {@code command}, which prints its shell's pid and a child's, and returns both processes. */
    private static List<ProcessHandle> started(Channel channel, String command) throws Exception {
        channel.exec(command);
        BufferedReader lines = new BufferedReader(new InputStreamReader(channel.getInputStream(), StandardCharsets.UTF_8));
        List<ProcessHandle> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long pid = Long.parseLong(lines.readLine().strip());
            processes.add(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " not running")));
        }
        return processes;
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) throws Exception {
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("process " + process.pid() + " still runs after its channel closed", e);
            }
        }
    }

    private static long agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("amiko-agent-socket") && t.isAlive()).count();
    }

    @Test
    void restrictWithPtyAllowsTheTerminalOnly() throws Exception {
        try (Transport client = loggedIn("restrict,pty")) {
            Channel channel = client.openSession();
            channel.getPty();
            assertFalse(channel.requestForwardAgent());
        }
    }

    @Test
    void fromListAndExpiryAreCheckedAtLogin() throws Exception {
        KeyPair elsewhere = generate();
        KeyPair expired = generate();
        KeyPair local = generate();
        String file = line("from=\"10.0.0.0/8\"", elsewhere) + line("expiry-time=\"20200101\"", expired)
                + line("from=\"127.0.0.1\"", local);
        try (Transport client = serve(file)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("anyone", elsewhere));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("anyone", expired));
            assertEquals(List.of(), client.authPublickey("anyone", local));
        }
    }

    @Test
    void passwordUsersAreUnrestrictedAndWrongPasswordsFail() throws Exception {
        try (Transport client = serve("")) {
            assertThrows(AuthenticationException.class, () -> client.authPassword("pat", "wrong"));
            assertThrows(AuthenticationException.class, () -> client.authPassword("nobody", "secret"));
            client.authPassword("pat", "secret");
            Channel channel = client.openSession();
            channel.getPty();
            assertTrue(run(channel, "echo ok").contains("ok"));
        }
    }
}
