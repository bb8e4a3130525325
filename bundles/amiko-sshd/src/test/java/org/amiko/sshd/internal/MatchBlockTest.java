// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Match blocks as a configuration writes them, which logins they are for, and how several combine. */
class MatchBlockTest {
    private static final LoginSettings DEFAULTS = LoginSettings.defaults();

    private static InetAddress address(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    @Test
    void usersAndAddressesAsSshdsMatchUserAndAddress() throws Exception {
        MatchBlock block = MatchBlock.of("pid", Map.of("user", "sftp*, !sftpadmin", "address", "10.0.0.0/8,192.0.2.7",
                "forceCommand", "internal-sftp", "service.pid", "pid", "felix.fileinstall.filename",
                "file:/opt/amiko/etc/org.amiko.match-sftp.cfg"));
        assertNull(block.problem());
        assertEquals("org.amiko.match-sftp.cfg", block.name());
        assertEquals("user sftp*,!sftpadmin address 10.0.0.0/8,192.0.2.7", block.criteria());
        assertEquals(Map.of("forceCommand", "internal-sftp"), block.settings(), "the configuration system's own skipped");
        assertTrue(block.matches("sftpbob", address("10.1.2.3"), null));
        assertTrue(block.matches("sftpbob", address("192.0.2.7"), null));
        assertFalse(block.matches("sftpadmin", address("10.1.2.3"), null), "excluded by !");
        assertFalse(block.matches("bob", address("10.1.2.3"), null));
        assertFalse(block.matches("sftpbob", address("192.0.2.8"), null), "both must match");
        assertFalse(block.matches("sftpbob", null, null), "an unknown address matches no address list");

        MatchBlock anyUser = MatchBlock.of("pid", Map.of("user", "*", "maxSessions", "1"));
        assertEquals("pid", anyUser.name());
        assertTrue(anyUser.matches("anyone", null, null));
        MatchBlock notLocal = MatchBlock.of("pid", Map.of("address", "*,!127.0.0.0/8", "maxSessions", "1"));
        assertFalse(notLocal.matches("anyone", address("127.0.0.1"), null));
        assertTrue(notLocal.matches("anyone", address("198.51.100.1"), null));
    }

    /** The console shows what a block sets, setEnv's names only: its values may be secrets. */
    @Test
    void theConsoleShowsSetEnvsNamesOnly() {
        assertEquals("{maxSessions=2, setEnv=TOKEN=... GREETING=...}", MatchBlockLog.shown(Map.of("maxSessions", "2",
                "setEnv", "TOKEN=s3cret GREETING=\"hello world\"")));
    }

    /** sshd's Match LocalAddress (an address list) and LocalPort (one port) on the address the client connected to. */
    @Test
    void localAddressAndPortAsSshdsMatchLocalAddressAndLocalPort() throws Exception {
        MatchBlock block = MatchBlock.of("pid", Map.of("localAddress", "10.0.0.0/8, !10.9.9.9", "localPort", "2222",
                "maxSessions", "1"));
        assertNull(block.problem());
        assertEquals("localAddress 10.0.0.0/8,!10.9.9.9 localPort 2222", block.criteria());
        assertTrue(block.matches("anyone", null, new InetSocketAddress(address("10.1.2.3"), 2222)));
        assertFalse(block.matches("anyone", null, new InetSocketAddress(address("10.1.2.3"), 22)), "the port too");
        assertFalse(block.matches("anyone", null, new InetSocketAddress(address("10.9.9.9"), 2222)), "excluded by !");
        assertFalse(block.matches("anyone", null, new InetSocketAddress(address("192.0.2.1"), 2222)));
        assertFalse(block.matches("anyone", null, null), "an unknown local address matches neither");
        MatchBlock port = MatchBlock.of("pid", Map.of("localPort", "22", "maxSessions", "1"));
        assertTrue(port.matches("anyone", null, new InetSocketAddress(address("::1"), 22)));
        MatchBlock both = MatchBlock.of("pid", Map.of("user", "pat", "localAddress", "127.0.0.1", "maxSessions", "1"));
        assertFalse(both.matches("bob", null, new InetSocketAddress(address("127.0.0.1"), 22)), "every criterion");
        for (String bad : List.of("0", "65536", "22,2222", "ssh")) {
            MatchBlock unreadable = MatchBlock.of("pid", Map.of("localPort", bad, "maxSessions", "1"));
            assertEquals("localPort " + bad + " is not one port from 1 to 65535", unreadable.problem());
            assertTrue(unreadable.matches("anyone", null, null), "taken for every login");
        }
        assertTrue(MatchBlock.of("pid", Map.of("localAddress", "10.0.0.0/33", "maxSessions", "1")).problem() != null);
    }

    /**
     * A block that cannot be read says why; one whose user or address cannot be read is taken for
     * every login, since which ones it is for is unknown.
     */
    @Test
    void whatCannotBeReadIsSaidAndCoversTheLoginsItCould() throws Exception {
        MatchBlock unknown = MatchBlock.of("pid", Map.of("user", "pat", "port", "22", "maxSessions", "many",
                "forceCommand", "true"));
        assertTrue(unknown.problem().contains("no setting port can be set per login"), unknown.problem());
        assertTrue(unknown.problem().contains("maxSessions must be a whole number, not many"), unknown.problem());
        assertEquals(Map.of("forceCommand", "true"), unknown.settings(), "what could be read is kept, for the log");
        assertTrue(unknown.matches("pat", null, null));
        assertFalse(unknown.matches("other", null, null));

        for (Map<String, Object> unreadable : List.<Map<String, Object>>of(Map.of("maxSessions", "1"),
                Map.of("address", "10.0.0.1/8", "maxSessions", "1"), Map.of("user", " ", "maxSessions", "1"))) {
            MatchBlock block = MatchBlock.of("pid", unreadable);
            assertTrue(block.problem() != null && block.matches("anyone", address("192.0.2.1"), null), unreadable.toString());
            assertEquals("every login", block.criteria());
        }
        assertEquals(null, MatchBlock.of("pid", Map.of("user", "pat", "forceCommand", "internal-sftp -R")).problem(),
                "sftp-server's options are the SFTP subsystem's to read");
        assertTrue(MatchBlock.of("pid", Map.of("user", "pat", "x11Forwarding", "maybe")).problem()
                .contains("x11Forwarding must be true or false"));
    }

    /**
     * Values as typed configurations give them (Karaf's and {@code .config} files): a list of users
     * or addresses is a list; a number or flag is its text; a list for a setting is a problem.
     */
    @Test
    void typedValues() throws Exception {
        MatchBlock listed = MatchBlock.of("pid", Map.of("user", new String[] {"alice", "bob"}, "address",
                List.of("10.0.0.0/8", "192.0.2.7"), "maxSessions", 2, "permitTTY", Boolean.FALSE));
        assertNull(listed.problem());
        assertEquals("user alice,bob address 10.0.0.0/8,192.0.2.7", listed.criteria());
        assertTrue(listed.matches("bob", address("192.0.2.7"), null));
        assertEquals(Map.of("maxSessions", "2", "permitTTY", "false"), listed.settings());
        assertTrue(MatchBlock.of("pid", Map.of("user", "bob", "acceptEnv", new String[] {"A", "B"})).problem()
                .contains("acceptEnv takes one value"));
        assertEquals("every login", MatchBlock.of("pid", Map.of("user", 7)).criteria(), "not text: unreadable");
    }

    /** A block that says nothing (a file just made) is for no login; one with settings but no criteria, for all. */
    @Test
    void anEmptyBlockIsForNoLogin() throws Exception {
        for (Map<String, Object> nothing : List.<Map<String, Object>>of(Map.of(), Map.of("user", " ", "address", ""),
                Map.of("service.pid", "pid"))) {
            MatchBlock empty = MatchBlock.of("pid", nothing);
            assertTrue(empty.empty() && empty.problem() == null, nothing.toString());
            assertFalse(empty.matches("anyone", address("127.0.0.1"), null));
            assertEquals("no login", empty.criteria());
        }
        MatchBlock unsaid = MatchBlock.of("pid", Map.of("forceCommand", "true"));
        assertTrue(unsaid.matches("anyone", null, null) && unsaid.problem() != null);
    }

    /** sshd's Match Address is addr_match_list: the compressed IPv6 text, no names. */
    @Test
    void addressesAsSshdMatchesThem() throws Exception {
        MatchBlock v6 = MatchBlock.of("pid", Map.of("address", "2001:db8::*", "maxSessions", "1"));
        assertTrue(v6.matches("anyone", address("2001:db8::1"), null));
        assertFalse(MatchBlock.of("pid", Map.of("address", "2001:db8:0:0:*", "maxSessions", "1"))
                .matches("anyone", address("2001:db8::1"), null), "OpenSSH prints it compressed");
        assertFalse(MatchBlock.of("pid", Map.of("address", "localhost", "maxSessions", "1"))
                .matches("anyone", address("127.0.0.1"), null), "no names");
    }

    /**
     * acceptEnv as sshd joins its Match blocks' AcceptEnv lines (sshd -T -C shows it): the patterns
     * of every matching block that gives it, in place of the server-wide ones.
     */
    @Test
    void acceptEnvJoinsTheBlocksPatterns() {
        List<MatchBlock> blocks = List.of(MatchBlock.of("a", Map.of("user", "*", "acceptEnv", "TZ")),
                MatchBlock.of("b", Map.of("user", "pat", "acceptEnv", "GIT_*")),
                MatchBlock.of("c", Map.of("user", "sam", "maxSessions", "1")));
        Map<String, String> from = new java.util.HashMap<>();
        LoginSettings forPat = MatchBlocks.settingsFor(blocks, DEFAULTS, "pat", null, null, from);
        assertEquals(List.of("TZ", "GIT_*"), forPat.acceptEnv());
        assertEquals("a, b", from.get("acceptEnv"));
        assertEquals(List.of("TZ"), MatchBlocks.settingsFor(blocks, DEFAULTS, "other", null, null).acceptEnv());
        assertEquals(List.of("LANG", "LC_*"), MatchBlocks.settingsFor(blocks.subList(2, 3), DEFAULTS, "sam", null, null)
                .acceptEnv(), "no block gives it: the server's");
    }

    /**
     * A blank value in a block would undo the server-wide setting unseen (an empty
     * authenticationMethods lets one method in): it is a problem, as sshd refuses a keyword without
     * an argument; none and any say it.
     */
    @Test
    void aBlankValueIsAProblem() {
        for (String key : List.of("authenticationMethods", "forceCommand", "permitOpen", "acceptEnv", "banner")) {
            MatchBlock blank = MatchBlock.of("pid", Map.of("user", "pat", key, " "));
            assertTrue(blank.problem() != null && blank.problem().startsWith(key + " has no value"), key);
        }
        LoginSettings strict = LoginSettings.of(TestConfigs.sshd(Map.of("authenticationMethods", "publickey,password",
                "forceCommand", "internal-sftp", "banner", "etc/banner.txt")));
        LoginSettings eased = MatchBlocks.settingsFor(List.of(MatchBlock.of("pid", Map.of("user", "pat",
                "authenticationMethods", "any", "forceCommand", "none", "banner", "none"))), strict, "pat", null, null);
        assertEquals(List.of(), eased.authenticationMethods());
        assertEquals(null, eased.forceCommand());
        assertEquals(null, eased.banner());
    }

    /** For each setting the first block, in name order, that matches the login and sets it decides. */
    @Test
    void theFirstMatchingBlockToSetASettingDecides() throws Exception {
        MatchBlock everyone = MatchBlock.of("a", Map.of("user", "*", "maxSessions", "2", "channelTimeout", "session=5m"));
        MatchBlock pat = MatchBlock.of("b", Map.of("user", "pat", "maxSessions", "1", "allowTcpForwarding", "local",
                "clientAliveInterval", "30", "clientAliveCountMax", "0"));
        List<MatchBlock> blocks = List.of(everyone, pat);

        LoginSettings forPat = MatchBlocks.settingsFor(blocks, DEFAULTS, "pat", null, null);
        assertEquals(2, forPat.maxSessions(), "a comes first");
        assertEquals(Map.of("session", Duration.ofMinutes(5)), forPat.channelTimeouts());
        assertTrue(forPat.forwarding().local());
        assertFalse(forPat.forwarding().remote());
        assertEquals(Duration.ofSeconds(30), forPat.clientAliveInterval());
        assertEquals(Integer.MAX_VALUE, forPat.clientAliveCountMax(), "0 never gives up, as sshd's");

        Map<String, String> from = new java.util.HashMap<>();
        MatchBlocks.settingsFor(blocks, DEFAULTS, "pat", null, null, from);
        assertEquals(Map.of("maxSessions", "a", "channelTimeout", "a", "allowTcpForwarding", "b",
                "clientAliveInterval", "b", "clientAliveCountMax", "b"), from, "which block gave each");

        LoginSettings forOther = MatchBlocks.settingsFor(blocks, DEFAULTS, "other", null, null);
        assertEquals(2, forOther.maxSessions());
        assertFalse(forOther.forwarding().local(), "the server-wide value");
        assertSame(DEFAULTS, MatchBlocks.settingsFor(List.of(pat), DEFAULTS, "other", null, null), "no block, no copy");
    }

    /** sshd's DisableForwarding: TCP, Unix socket, X11 and agent forwarding off, whatever the others say. */
    @Test
    void disableForwardingTurnsEveryKindOff() {
        LoginSettings open = DEFAULTS.with(Map.of("allowTcpForwarding", "yes", "allowStreamLocalForwarding", "yes",
                "x11Forwarding", "true"));
        assertTrue(open.forwarding().local() && open.forwarding().streamLocalListen() && open.x11().enabled()
                && open.agentForwarding());
        LoginSettings disabled = open.with(Map.of("disableForwarding", "yes"));
        assertFalse(disabled.forwarding().local() || disabled.forwarding().remote()
                || disabled.forwarding().streamLocalOpen() || disabled.forwarding().streamLocalListen()
                || disabled.x11().enabled() || disabled.agentForwarding());
        assertTrue(disabled.pty(), "not about terminals");
    }

    /**
     * A block that matches but cannot be used refuses the login, naming itself; so does one whose
     * settings cannot go with the server's (a one-time code as the only factor).
     */
    @Test
    void aBlockThatCannotBeUsedRefusesTheLogin() {
        List<MatchBlock> broken = List.of(MatchBlock.of("broken", Map.of("user", "pat", "maxSessions", "-1")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MatchBlocks.settingsFor(broken, DEFAULTS, "pat", null, null));
        assertEquals("match block broken cannot be used: maxSessions -1 is negative", refused.getMessage());
        assertSame(DEFAULTS, MatchBlocks.settingsFor(broken, DEFAULTS, "other", null, null), "not for other users");

        LoginSettings codes = LoginSettings.of(TestConfigs.sshd(Map.of("oneTimePasswords", "etc/otp.properties",
                "authenticationMethods", "publickey,keyboard-interactive")));
        List<MatchBlock> codeAlone = List.of(MatchBlock.of("lax", Map.of("user", "pat", "authenticationMethods",
                "keyboard-interactive")));
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> MatchBlocks.settingsFor(codeAlone, codes, "pat", null, null));
        assertTrue(alone.getMessage().startsWith("match block lax: oneTimePasswords needs"), alone.getMessage());
    }

    /**
     * The blocks as ConfigAdmin holds them now: in the order of their files' names, each read again
     * only when its configuration changed, a removed one gone, and a store that cannot be read an error.
     */
    @Test
    void theBlocksAreReadFromConfigAdminInFileNameOrder() throws Exception {
        FakeConfigurationAdmin configurations = new FakeConfigurationAdmin();
        MatchBlocks blocks = new MatchBlocks(configurations::admin);
        assertEquals(List.of(), blocks.current());
        configurations.put("org.amiko.match-20-users.cfg", Map.of("user", "*", "maxSessions", "4"));
        configurations.put("org.amiko.match-10-admins.cfg", Map.of("user", "admin", "maxSessions", "20"));
        List<MatchBlock> read = blocks.current();
        assertEquals(List.of("org.amiko.match-10-admins.cfg", "org.amiko.match-20-users.cfg"),
                read.stream().map(MatchBlock::name).toList());
        assertSame(read.get(0), blocks.current().get(0), "unchanged: not parsed again");
        assertEquals(20, MatchBlocks.settingsFor(read, DEFAULTS, "admin", null, null).maxSessions());

        configurations.put("org.amiko.match-10-admins.cfg", Map.of("user", "admin", "maxSessions", "30"));
        assertEquals(Map.of("maxSessions", "30"), blocks.current().get(0).settings());
        assertEquals(1, blocks.current(FakeConfigurationAdmin.pid("org.amiko.match-10-admins.cfg")).size());
        configurations.remove("org.amiko.match-10-admins.cfg");
        assertEquals(List.of("org.amiko.match-20-users.cfg"), blocks.current().stream().map(MatchBlock::name).toList());
        assertEquals(List.of(), blocks.current("no(such)*pid"), "a PID is escaped in the filter");

        // removed and made again under its name, before any login: the same PID and change count
        configurations.put("org.amiko.match-10-admins.cfg", Map.of("user", "admin", "maxSessions", "30"));
        assertEquals(Map.of("maxSessions", "30"), blocks.current().get(0).settings());
        configurations.remove("org.amiko.match-10-admins.cfg");
        configurations.put("org.amiko.match-10-admins.cfg", Map.of("user", "admin", "forceCommand", "internal-sftp"));
        assertEquals(Map.of("forceCommand", "internal-sftp"), blocks.current().get(0).settings(), "read again");

        // etc/org.amiko.match.cfg, without -NAME: a single configuration, no block, and said so
        assertFalse(blocks.misnamed());
        configurations.putPlain(MatchBlock.FACTORY_PID, Map.of("user", "admin", "maxSessions", "1"));
        assertTrue(blocks.misnamed());
        assertEquals(List.of("org.amiko.match-10-admins.cfg", "org.amiko.match-20-users.cfg"),
                blocks.current().stream().map(MatchBlock::name).toList(), "not a block");

        configurations.failing = true;
        assertThrows(IOException.class, blocks::current);
        assertEquals(List.of(), new MatchBlocks(() -> null).current(), "no ConfigAdmin, no blocks");
    }
}
