// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.amiko.sshd.internal.ApplianceFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.RevokedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Match blocks on a real server: a login a block matches runs with its settings, others with the
 * server's; the blocks are read at each login, so a change holds from the next one.
 */
class ApplianceMatchBlockTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private final KeyPair key = ApplianceFixture.generate();
    private Transport first;

    @TempDir
    Path directory;

    @BeforeEach
    void serverWideSettings() {
        appliance.login = LoginSettings.of(TestConfigs.sshd(Map.of()));
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** The server's first client (not logged in), then new ones: each login reads the blocks anew. */
    private Transport client() throws Exception {
        if (first == null) {
            Path users = directory.resolve("users.properties");
            PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
            first = appliance.serve(AuthorizedKeys.parse(PublicKeyLine.of(key.getPublic(), "k").format() + "\n"),
                    PasswordFile.load(users), appliance.os, ForwardingSettings.OFF);
            return first;
        }
        return appliance.connect();
    }

    private Transport loggedIn(String user) throws Exception {
        Transport client = client();
        client.authPublickey(user, key);
        return client;
    }

    /**
     * sshd's classic: Match User sftp* / ForceCommand internal-sftp, with a read-only variant for
     * some of them (internal-sftp -R). Other users run commands.
     */
    @Test
    void aBlockMakesSomeUsersSftpOnly() throws Exception {
        appliance.configurations.put("org.amiko.match-1-readers.cfg", Map.of("user", "sftpread*",
                "forceCommand", "internal-sftp -R -u 027"));
        appliance.configurations.put("org.amiko.match-sftp.cfg", Map.of("user", "sftp*",
                "forceCommand", "internal-sftp"));
        try (Transport sftpUser = loggedIn("sftpbob")) {
            Channel sftp = sftpUser.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served\n", new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("This service allows sftp connections only.\n", run(sftpUser.openSession(), "id"));
        }
        try (Transport reader = loggedIn("sftpreader")) {
            Channel sftp = reader.openSession();
            sftp.invokeSubsystem("sftp");
            assertEquals("sftp served with [-R, -u, 027]\n",
                    new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("This service allows sftp connections only.\n", run(reader.openSession(), "id"));
        }
        try (Transport other = loggedIn("pat")) {
            assertEquals("pat runs\n", run(other.openSession(), "echo pat runs"));
        }
    }

    /**
     * For each setting the first block that sets it decides, in file-name order: a's forceCommand,
     * b's acceptEnv (a sets none).
     */
    @Test
    void theFirstBlockToSetASettingDecides() throws Exception {
        appliance.configurations.put("org.amiko.match-b.cfg", Map.of("user", "pat", "forceCommand", "echo b",
                "acceptEnv", "FOO"));
        appliance.configurations.put("org.amiko.match-a.cfg", Map.of("user", "*",
                "forceCommand", "echo a $FOO"));
        try (Transport client = loggedIn("pat")) {
            Channel channel = client.openSession();
            channel.setEnvironmentVariable("FOO", "from-b");
            assertEquals("a from-b\n", run(channel, "id"));
        }
        try (Transport client = loggedIn("other")) {
            Channel channel = client.openSession();
            assertThrows(Exception.class, () -> channel.setEnvironmentVariable("FOO", "refused"),
                    "the server-wide acceptEnv for other users");
            assertEquals("a\n", run(channel, "id"));
        }
    }

    /**
     * A block that matches but cannot be used refuses the login, whatever the credential; others
     * log in. Mended, it lets the next login in, with its settings. A block whose user or address
     * cannot be read refuses everyone. The change holds from the next login, without a restart.
     */
    @Test
    void aBlockThatCannotBeUsedRefusesItsLoginsUntilMended() throws Exception {
        appliance.configurations.put("org.amiko.match-pat.cfg", Map.of("user", "pat", "maxSessions", "-1"));
        Transport refused = client();
        assertThrows(AuthenticationException.class, () -> refused.authPublickey("pat", key));
        assertThrows(AuthenticationException.class, () -> refused.authPassword("pat", "secret"));
        refused.close();
        loggedIn("other").close();

        appliance.configurations.put("org.amiko.match-pat.cfg", Map.of("user", "pat", "maxSessions", "1"));
        try (Transport pat = loggedIn("pat")) {
            Channel session = pat.openSession();
            ChannelOpenException second = assertThrows(ChannelOpenException.class, pat::openSession);
            assertEquals(OpenChannelResult.CONNECT_FAILED, second.getReason(), "the block's maxSessions");
            session.close();
        }

        appliance.configurations.put("org.amiko.match-zz.cfg", Map.of("address", "10.0.0.1/8", "maxSessions", "1"));
        Transport anyone = client();
        assertThrows(AuthenticationException.class, () -> anyone.authPublickey("other", key));
        anyone.close();
        appliance.configurations.remove("org.amiko.match-zz.cfg");
        loggedIn("other").close();
    }

    /**
     * sshd's Match Address with AllowUsers (only ops from loopback) and a Banner per block: what a
     * client is shown depends on the user its first request names.
     */
    @Test
    void whoMayLogInAndWhatTheyAreShownPerBlock() throws Exception {
        appliance.banners = file -> () -> "text of " + file + "\n";
        appliance.configurations.put("org.amiko.match-local.cfg", Map.of("address", "127.0.0.0/8", "allowUsers", "ops",
                "banner", "etc/local.txt"));
        appliance.configurations.put("org.amiko.match-ops.cfg", Map.of("user", "ops", "banner", "etc/ops.txt"));
        Transport refused = client();
        assertThrows(AuthenticationException.class, () -> refused.authPublickey("other", key));
        assertEquals("text of etc/local.txt\n", refused.getBanner());
        refused.close();
        try (Transport ops = loggedIn("ops")) {
            assertEquals("text of etc/local.txt\n", ops.getBanner(), "the first block that gives one");
        }
        appliance.configurations.remove("org.amiko.match-local.cfg");
        try (Transport ops = loggedIn("ops")) {
            assertEquals("text of etc/ops.txt\n", ops.getBanner());
        }
        try (Transport other = loggedIn("other")) {
            assertEquals(null, other.getBanner(), "no banner server-wide");
        }
    }

    /**
     * sshd's AuthorizedKeysFile and RevokedKeys after Match: ops's keys come from a file of ops's
     * own, and not from the server's; a block's revoked keys refuse its users' keys, and a block
     * whose files cannot be read lets no key in; {@code authorizedKeys = none} lets none in.
     */
    @Test
    void keyFilesPerBlock() throws Exception {
        appliance.keyFiles = new KeyFiles(directory);
        KeyPair opsKey = ApplianceFixture.generate();
        Files.createDirectories(directory.resolve("keys"));
        Files.writeString(directory.resolve("keys/ops"), PublicKeyLine.of(opsKey.getPublic(), "ops").format() + "\n");
        Files.writeString(directory.resolve("revoked"), PublicKeyLine.of(key.getPublic(), "k").format() + "\n");
        appliance.configurations.put("org.amiko.match-ops.cfg", Map.of("user", "ops", "authorizedKeys", "keys/%u"));
        appliance.configurations.put("org.amiko.match-locked.cfg", Map.of("user", "locked", "revokedKeys", "revoked"));
        appliance.configurations.put("org.amiko.match-lost.cfg", Map.of("user", "lost", "revokedKeys", "missing"));
        appliance.configurations.put("org.amiko.match-keyless.cfg", Map.of("user", "keyless", "authorizedKeys", "none"));
        Transport client = client();
        assertThrows(AuthenticationException.class, () -> client.authPublickey("ops", key), "not the server's keys");
        client.authPublickey("ops", opsKey);
        client.close();
        try (Transport pat = loggedIn("pat")) {
            assertTrue(pat.isAuthenticated(), "the server's keys for everyone else");
        }
        // the server's key, which logs in as pat, does not as these
        for (String user : List.of("locked", "lost", "keyless")) {
            try (Transport refused = client()) {
                assertThrows(AuthenticationException.class, () -> refused.authPublickey(user, key), user);
            }
        }
        appliance.configurations.put("org.amiko.match-locked.cfg", Map.of("user", "locked", "revokedKeys", "none"));
        try (Transport unlocked = loggedIn("locked")) {
            assertTrue(unlocked.isAuthenticated(), "none: the block adds no revoked keys");
        }
    }

    /**
     * A block's revoked keys add to the server's: where sshd lets a Match block's RevokedKeys
     * replace the server's list, no block here brings back a key the server revoked.
     */
    @Test
    void noBlockBringsBackAKeyTheServerRevoked() throws Exception {
        appliance.keyFiles = new KeyFiles(directory);
        Files.writeString(directory.resolve("other"), "");
        appliance.configurations.put("org.amiko.match-ops.cfg", Map.of("user", "ops", "revokedKeys", "none"));
        appliance.configurations.put("org.amiko.match-dev.cfg", Map.of("user", "dev", "revokedKeys", "other"));
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        String line = PublicKeyLine.of(key.getPublic(), "k").format() + "\n";
        RevokedKeys serverWide = RevokedKeys.parse(line.getBytes(StandardCharsets.US_ASCII));
        first = appliance.serve(AuthorizedKeys.parse(line), () -> serverWide, PasswordFile.load(users), appliance.os,
                ForwardingSettings.OFF);
        for (String user : List.of("pat", "ops", "dev")) {
            try (Transport refused = client()) {
                assertThrows(AuthenticationException.class, () -> refused.authPublickey(user, key), user);
            }
        }
    }

    /**
     * sshd's Match Address with MaxAuthTries: from loopback, the second failed password ends the
     * connection; the server-wide six hold elsewhere.
     */
    @Test
    void maxAuthTriesPerBlock() throws Exception {
        appliance.configurations.put("org.amiko.match-strict.cfg", Map.of("address", "127.0.0.0/8",
                "maxAuthTries", "2"));
        Transport client = client();
        assertThrows(AuthenticationException.class, () -> client.authPassword("pat", "wrong 1"));
        SshException ended = assertThrows(SshException.class, () -> client.authPassword("pat", "wrong 2"));
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                ((DisconnectException) ended.getCause()).getReason(), ended::toString);
        client.close();
        appliance.configurations.put("org.amiko.match-strict.cfg", Map.of("address", "192.0.2.0/24",
                "maxAuthTries", "2"));
        try (Transport lenient = client()) {
            for (int i = 1; i <= 3; i++) {
                String attempt = "wrong " + i;
                assertThrows(AuthenticationException.class, () -> lenient.authPassword("pat", attempt));
            }
            assertEquals(List.of(), lenient.authPassword("pat", "secret"));
        }
    }

    /**
     * Naming a lenient user first does not buy a strict one more tries: the failures are the
     * connection's, each request judged by its own user's limit.
     */
    @Test
    void maxAuthTriesAcrossUserNames() throws Exception {
        appliance.configurations.put("org.amiko.match-strict.cfg", Map.of("user", "pat", "maxAuthTries", "2"));
        Transport client = client();
        for (int i = 1; i <= 3; i++) {
            String attempt = "wrong " + i;
            assertThrows(AuthenticationException.class, () -> client.authPassword("guest", attempt));
        }
        SshException ended = assertThrows(SshException.class, () -> client.authPassword("pat", "secret?"));
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                ((DisconnectException) ended.getCause()).getReason(), ended::toString);
        client.close();
    }

    /** When ConfigAdmin cannot list the blocks, nobody logs in: no login goes without them. */
    @Test
    void blocksThatCannotBeListedRefuseEveryone() throws Exception {
        appliance.configurations.failing = true;
        Transport client = client();
        assertThrows(AuthenticationException.class, () -> client.authPublickey("pat", key));
        client.close();
        appliance.configurations.failing = false;
        loggedIn("pat").close();
    }

    /**
     * Authentication methods by address, from the first request: from loopback, a key and then
     * the password (the password first is refused); elsewhere one method would do.
     */
    @Test
    void authenticationMethodsByAddress() throws Exception {
        appliance.configurations.put("org.amiko.match-local.cfg", Map.of("address", "127.0.0.0/8",
                "authenticationMethods", "publickey,password"));
        try (Transport client = client()) {
            AuthenticationException passwordFirst = assertThrows(AuthenticationException.class,
                    () -> client.authPassword("pat", "secret"));
            assertEquals(List.of("publickey"), passwordFirst.getAllowedMethods());
            assertEquals(List.of("password"), client.authPublickey("pat", key), "partial success");
            assertEquals(List.of(), client.authPassword("pat", "secret"));
        }
        appliance.configurations.put("org.amiko.match-local.cfg", Map.of("address", "192.0.2.0/24",
                "authenticationMethods", "publickey,password"));
        loggedIn("pat").close();
    }

    /**
     * sshd's Match LocalAddress and LocalPort: the address and port the client connected to, here
     * 127.0.0.1 and the server's port. Where both match, a key alone is not enough.
     */
    @Test
    void settingsByTheAddressAndPortConnectedTo() throws Exception {
        Transport firstClient = client();
        String port = Integer.toString(firstClient.getPeerName().getPort());
        appliance.configurations.put("org.amiko.match-local.cfg", Map.of("localAddress", "127.0.0.0/8",
                "localPort", port, "authenticationMethods", "publickey,password"));
        try (Transport client = firstClient) {
            assertEquals(List.of("password"), client.authPublickey("pat", key), "partial success");
        }
        String otherPort = port.equals("2222") ? "2223" : "2222";
        for (Map<String, String> elsewhere : List.of(Map.of("localAddress", "127.0.0.0/8", "localPort", otherPort),
                Map.of("localAddress", "192.0.2.1", "localPort", port), Map.of("localAddress", "!127.0.0.1,*"))) {
            Map<String, Object> block = new HashMap<>(elsewhere);
            block.put("authenticationMethods", "publickey,password");
            appliance.configurations.put("org.amiko.match-local.cfg", block);
            try (Transport client = client()) {
                assertEquals(List.of(), client.authPublickey("pat", key), elsewhere.toString());
            }
        }
    }

    /**
     * sshd's PermitTTY no and AllowAgentForwarding no for some users; DisableForwarding for another,
     * whatever its allowTcpForwarding says.
     */
    @Test
    void terminalAgentAndAllForwardingPerUser() throws Exception {
        appliance.configurations.put("org.amiko.match-sftp.cfg", Map.of("user", "sftp*", "permitTTY", "no",
                "allowAgentForwarding", "no"));
        appliance.configurations.put("org.amiko.match-z.cfg", Map.of("user", "locked", "allowTcpForwarding", "yes",
                "disableForwarding", "yes"));
        try (Transport sftpUser = loggedIn("sftpbob")) {
            Channel session = sftpUser.openSession();
            assertThrows(SshException.class, session::getPty);
            assertFalse(session.requestForwardAgent());
        }
        try (Transport pat = loggedIn("pat")) {
            Channel session = pat.openSession();
            session.getPty();
            assertTrue(session.requestForwardAgent(), "the server-wide settings: both allowed");
        }
        try (Transport locked = loggedIn("locked")) {
            assertFalse(locked.openSession().requestForwardAgent());
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> locked.openDirectTcpip("127.0.0.1", 9, new InetSocketAddress("127.0.0.1", 5555)));
            assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
        }
    }

    /** Forwarding off server-wide, on for one user: ssh -L for pat, refused for the others. */
    @Test
    void forwardingForOneUser() throws Exception {
        appliance.configurations.put("org.amiko.match-tunnel.cfg", Map.of("user", "pat",
                "allowTcpForwarding", "local"));
        try (ServerSocket target = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress origin = new InetSocketAddress("127.0.0.1", 5555);
            try (Transport pat = loggedIn("pat")) {
                Channel tunnel = pat.openDirectTcpip("127.0.0.1", target.getLocalPort(), origin);
                try (Socket accepted = target.accept()) {
                    accepted.getOutputStream().write("through\n".getBytes(StandardCharsets.US_ASCII));
                }
                assertEquals("through\n", new String(tunnel.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            try (Transport other = loggedIn("other")) {
                ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                        () -> other.openDirectTcpip("127.0.0.1", target.getLocalPort(), origin));
                assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
            }
        }
    }
}
