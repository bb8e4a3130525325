// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.amiko.AlgorithmFamily;
import org.amiko.core.TimeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh_config(5) as ssh reads it: the first value wins, IdentityFile adds up, Host patterns with
 * negation, tokens; and, where OpenSSH's ssh is installed, the same answers as {@code ssh -G}.
 */
class SshConfigTest {
    private static final String HOME = System.getProperty("user.home");
    private static final String CONFIG = """
            # global lines apply to every host
            ConnectTimeout 10
            Host db* !db-old
              HostName %h.internal
              User dbadmin
              IdentityFile ~/.ssh/id_db
              ProxyJump jump@bastion:2200,[2001:db8::7]:22

            Host bastion
              HostName bastion.example.org
              Port 2200
              User jump

            Host web
              Hostname=web.example.org
              IdentityFile "/keys/web key"
              IdentityFile %d/.ssh/id_%r_%h
              ProxyCommand sh -c "nc %h %p"
              StrictHostKeyChecking accept-new
              UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2
              Ciphers aes128-ctr,aes256-gcm@openssh.com
              MACs hmac-sha2-256-etm@openssh.com
              HostKeyAlias web-alias
              ServerAliveInterval 15
              Compression yes
              IdentityAgent ~/.ssh/agent-%h.sock

            Host Mixed
              HostName = Mixed.Example.ORG   # a comment after a value
              User 'bob smith'
              IdentityFile ~/.ssh/id\\ spaced # comment
              IdentityAgent none

            Host from-env
              IdentityAgent $AGENT_SOCKET

            Host pc
              ProxyCommand nc %h %p

            Host *
              User fallback
              Port 2222
              IdentitiesOnly yes
              ProxyJump bastion
            """;

    @TempDir
    Path directory;

    @Test
    void theFirstValueWinsAndIdentityFilesAddUp() throws IOException {
        SshConfig config = SshConfig.parse(CONFIG);
        HostConfig db = config.lookup("db1");
        assertEquals("db1.internal", db.hostName());
        assertEquals("dbadmin", db.user(), "the db block comes before Host *");
        assertEquals(2222, db.port(), "from Host *");
        assertEquals(List.of(Path.of(HOME, ".ssh/id_db")), db.identityFiles());
        assertTrue(db.identitiesOnly());
        assertEquals(List.of(new HostConfig.Jump("jump", "bastion", 2200), new HostConfig.Jump(null, "2001:db8::7", 22)),
                db.proxyJump());
        assertEquals(Duration.ofSeconds(10), db.connectTimeout(), "a global line");

        HostConfig old = config.lookup("db-old");
        assertEquals("db-old", old.hostName(), "excluded by !db-old");
        assertEquals("fallback", old.user());
        assertEquals(List.of(), old.identityFiles());

        HostConfig web = config.lookup("web");
        assertEquals("web.example.org", web.hostName());
        assertEquals(List.of(Path.of("/keys/web key"), Path.of(HOME + "/.ssh/id_fallback_web.example.org")),
                web.identityFiles());
        assertEquals("sh -c \"nc %h %p\"", web.proxyCommand(), "the rest of the line, quotes and all");
        assertEquals("accept-new", web.strictHostKeyChecking());
        assertEquals(List.of(Path.of(HOME, ".ssh/kh1"), Path.of(HOME, ".ssh/kh2")), web.knownHostsFiles());
        assertEquals(Map.of(AlgorithmFamily.CIPHER, "aes128-ctr,aes256-gcm@openssh.com", AlgorithmFamily.MAC,
                "hmac-sha2-256-etm@openssh.com"), web.algorithms());
        assertEquals("web-alias", web.hostKeyAlias());
        assertEquals(Duration.ofSeconds(15), web.serverAliveInterval());
        assertTrue(web.compression());
        assertEquals(HOME + "/.ssh/agent-web.example.org.sock", web.identityAgent(), "~ and tokens expanded");
        assertEquals(Duration.ZERO, config.lookup("db1").serverAliveInterval());

        HostConfig other = config.lookup("Other");
        assertEquals("other", other.hostName(), "ssh lowercases the name it connects to");
        assertEquals(List.of(new HostConfig.Jump(null, "bastion", null)), other.proxyJump());
        assertNull(other.proxyCommand());
        assertNull(other.strictHostKeyChecking());
        assertNull(other.knownHostsFiles(), "not set");
        assertNull(other.identityAgent(), "not set");
        assertEquals("$AGENT_SOCKET", config.lookup("from-env").identityAgent(), "an environment variable, named");

        HostConfig mixed = config.lookup("Mixed");
        assertEquals("mixed.example.org", mixed.hostName(), "Key = value, a trailing comment, lower case");
        assertEquals("bob smith", mixed.user(), "single quotes");
        assertEquals(List.of(Path.of(HOME, ".ssh/id spaced")), mixed.identityFiles(), "an escaped space");
        assertEquals("fallback", config.lookup("mixed").user(), "Host patterns keep their case");
        assertEquals("none", mixed.identityAgent());

        HostConfig pc = config.lookup("pc");
        assertEquals("nc %h %p", pc.proxyCommand(), "the first of ProxyCommand and ProxyJump wins");
        assertEquals(List.of(), pc.proxyJump());
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    @Test
    void includeIsFollowedAtTheTopLevelAndMatchIsNoted() throws IOException {
        Files.createDirectories(directory.resolve("config.d"));
        Files.writeString(directory.resolve("config.d/b.conf"), "Host two\n  Port 2002\n");
        Files.writeString(directory.resolve("config.d/a.conf"), "Host one\n  Port 2001\nHost two\n  Port 2020\n");
        Files.writeString(directory.resolve("config.d/.hidden.conf"), "Host one\n  Port 1\n");
        Files.writeString(directory.resolve("inner"), "StrictHostKeyChecking accept-new\nHost three\n"
                + "  HostKeyAlias three-inner\n");
        Files.writeString(directory.resolve("config"), "Include config.d/*.conf\nUser after-include\n"
                + "Match sessiontype shell\n  Port 9\nHost two\n  Include inner\n  Port 2222\n");
        SshConfig config = SshConfig.load(directory.resolve("config"));
        assertEquals(2001, config.lookup("one").port(), "no hidden file from a glob");
        assertEquals(2020, config.lookup("two").port(), "a.conf before b.conf, as glob(3) sorts");
        assertEquals("after-include", config.lookup("one").user(), "the includer goes on at its own level");
        assertEquals(22, config.lookup("three").port(), "a Match sessiontype block never applies");
        assertEquals("accept-new", config.lookup("two").strictHostKeyChecking(), "an Include inside Host two applies to two");
        assertNull(config.lookup("one").strictHostKeyChecking(), "and to no other host");
        assertNull(config.lookup("three").hostKeyAlias(), "its own blocks only within Host two");
        String name = directory.resolve("config").toString();
        assertEquals(List.of(name + " line 3: Match sessiontype is not supported; the block never applies"),
                config.problems());
        assertEquals(22, SshConfig.load(directory.resolve("missing")).lookup("x").port(), "no file, no settings");
    }

    private static final String LOCAL_USER = System.getProperty("user.name");
    /** Match blocks: each sees what the blocks before it set, as readconf.c matches while it reads. */
    private static final String MATCHES = """
            Host alias-*
              HostName %h.Example.ORG

            Match originalhost ALIAS-B
              User deploy

            Match host *.example.org user deploy
              Port 2201

            Match host alias-a.example.org !user deploy
              HostKeyAlias only-a

            Match localuser LOCAL
              Compression yes

            Match !originalhost alias-*
              ServerAliveInterval 9

            Match all
              ServerAliveInterval 7
              User fallback
            """.replace("LOCAL", LOCAL_USER);

    @Test
    void matchBlocksSeeWhatTheBlocksBeforeThemSet() throws IOException {
        SshConfig config = SshConfig.parse(MATCHES);
        HostConfig b = config.lookup("alias-b");
        assertEquals("deploy", b.user(), "originalhost, case ignored");
        assertEquals(2201, b.port(), "host: the HostName so far, case ignored; user: the User so far");
        assertNull(b.hostKeyAlias());
        assertTrue(b.compression(), "localuser");
        assertEquals(Duration.ofSeconds(7), b.serverAliveInterval(), "Match all");

        HostConfig a = config.lookup("alias-a");
        assertEquals("fallback", a.user(), "Match all's, set after the criteria that read the user");
        assertEquals(22, a.port(), "the user so far was the local one, not deploy");
        assertEquals("only-a", a.hostKeyAlias(), "!user");

        HostConfig other = config.lookup("other");
        assertEquals(Duration.ofSeconds(9), other.serverAliveInterval(), "!originalhost, before Match all");
        assertEquals("fallback", other.user());
        assertTrue(config.problems().isEmpty(), config.problems().toString());
    }

    /** Criteria this reader does not follow, and malformed lines, leave their block out and are reported. */
    @Test
    void aMatchThisReaderCannotFollowNeverApplies() throws IOException {
        SshConfig config = SshConfig.parse("Match command ls\n  Port 1\nMatch host\n  Port 2\n"
                + "Match all host x\n  Port 3\nMatch localnetwork 10.0.0.1/8\n  Port 4\nMatch nonsense x\n  Port 5\n"
                + "Match all final\n  Port 6\n");
        assertEquals(22, config.lookup("x").port());
        assertEquals(List.of("config line 1: Match command is not supported; the block never applies",
                "config line 3: Match host without patterns; the block never applies",
                "config line 5: Match all cannot be combined with other criteria; the block never applies",
                "config line 7: Match localnetwork 10.0.0.1/8 is not a list of addresses and networks; the block never applies",
                "config line 9: Match nonsense is not supported; the block never applies",
                "config line 11: Match all cannot be combined with other criteria; the block never applies"),
                config.problems());
        assertEquals(7, SshConfig.parse("Match final all\n  Port 7\n").lookup("x").port(), "all last, after final");
    }

    /** Times as ssh reads them (convtime): seconds, or numbers with units added up. */
    @Test
    void timesAreReadAsSshReadsThem() throws IOException {
        assertEquals(90, TimeSpec.seconds("90", "T"));
        assertEquals(90, TimeSpec.seconds("1m30s", "T"));
        assertEquals(2 * 604800 + 3600 + 2, TimeSpec.seconds("2w1H2", "T"));
        assertEquals(5, TimeSpec.seconds("+5", "T"), "strtol's sign");
        assertEquals(1, TimeSpec.seconds("00000000000001", "T"), "leading zeros");
        for (String bad : new String[] {"", "1x", "m", "1m-2", "99999999999", "1\u0663", "2147483648"}) {
            assertThrows(IllegalArgumentException.class, () -> TimeSpec.seconds(bad, "T"), bad);
        }
        HostConfig host = SshConfig.parse("ConnectTimeout 1m\nServerAliveInterval 2m30s\n").lookup("x");
        assertEquals(Duration.ofMinutes(1), host.connectTimeout());
        assertEquals(Duration.ofSeconds(150), host.serverAliveInterval());
        assertNull(SshConfig.parse("").lookup("x").connectTimeout(), "not set");
    }

    /** A time of none leaves the keyword unset: a later line still sets it, as ssh -G has it. */
    @Test
    void aTimeOfNoneLeavesItUnset() throws Exception {
        Path file = Files.writeString(directory.resolve("none"), "Host a\n  ConnectTimeout none\n"
                + "  ServerAliveInterval none\nHost *\n  ConnectTimeout 5\n");
        HostConfig a = SshConfig.load(file).lookup("a");
        assertEquals(Duration.ofSeconds(5), a.connectTimeout());
        assertEquals(Duration.ZERO, a.serverAliveInterval());
        SshG.assumeInstalled();
        Map<String, String> ssh = SshG.values(file, "a");
        assertEquals(ssh.get("connecttimeout"), "5");
        assertEquals(ssh.get("serveraliveinterval"), "0");
    }

    @Test
    void badValuesAreRefusedWithTheirKeyword() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> SshConfig.parse("Port 70000").lookup("x"));
        assertThrows(IllegalArgumentException.class, () -> SshConfig.parse("ProxyJump host:port").lookup("x"));
        assertThrows(IllegalArgumentException.class, () -> SshConfig.parse("ProxyJump 2001:db8::7").lookup("x"),
                "an IPv6 hop needs brackets");
        SshConfig unterminated = SshConfig.parse("User \"bob\nPort 2\nHostName a b\n");
        assertEquals(List.of("config line 1: an unterminated quote",
                "config line 3: garbage at end of line after hostname a"), unterminated.problems());
        assertEquals(2, unterminated.lookup("x").port());
        assertEquals(new ConfigLine("keyword", List.of("a b", "c"), "\"a b\" c # d"),
                ConfigLine.split("  keyword = \"a b\" c # d"));
        assertFalse(SshConfig.parse("ProxyJump none").lookup("x").proxyJump().iterator().hasNext());
        assertEquals(List.of(), SshConfig.parse("UserKnownHostsFile none").lookup("x").knownHostsFiles());
    }

    /**
     * A Match line is decided once, where it stands: the block that goes on after an Include in it,
     * and the included lines, apply though its own HostName changed the host name since; and a user
     * named with the host (a ProxyJump hop's {@code user@}) is what {@code Match user} sees and wins.
     * Both as {@code ssh -G} has them.
     */
    @Test
    void aMatchIsDecidedOnceAndSeesTheNamedUser() throws Exception {
        // an absolute path: ssh -F takes a relative one in ~/.ssh, not beside the file
        Path included = Files.writeString(directory.resolve("inc"), "Compression yes\n");
        Path file = Files.writeString(directory.resolve("decided"), "Match host db\n  HostName 10.0.0.5\n"
                + "  Include " + included + "\n  Port 2222\n\nMatch user admin\n  ServerAliveInterval 5\n\n"
                + "Host *\n  User deploy\n");
        SshConfig config = SshConfig.load(file);
        HostConfig db = config.lookup("db");
        assertEquals("10.0.0.5", db.hostName());
        assertEquals(2222, db.port(), "after the Include, though the host name is no longer db");
        assertTrue(db.compression(), "the included line");
        assertEquals("deploy", db.user());
        HostConfig admin = config.lookup("db", "admin");
        assertEquals("admin", admin.user(), "the named user wins over User");
        assertEquals(Duration.ofSeconds(5), admin.serverAliveInterval(), "Match user sees the named user");
        assertEquals(Duration.ZERO, db.serverAliveInterval());
        SshG.assumeInstalled();
        for (String target : List.of("db", "admin@db")) {
            Map<String, String> ssh = SshG.values(file, target);
            HostConfig ours = target.contains("@") ? admin : db;
            assertEquals(ssh.get("hostname"), ours.hostName(), target);
            assertEquals(ssh.get("port"), Integer.toString(ours.port()), target);
            assertEquals(ssh.get("user"), ours.user(), target);
            assertEquals(ssh.get("compression"), ours.compression() ? "yes" : "no", target);
            assertEquals(ssh.get("serveraliveinterval"), Long.toString(ours.serverAliveInterval().toSeconds()), target);
        }
    }

    /**
     * {@code ${NAME}} from the environment where ssh_config(5) takes it (IdentityAgent, IdentityFile,
     * UserKnownHostsFile), {@code $NAME} alone naming the agent's variable, and a variable without a
     * value refused, as ssh refuses it; as {@code ssh -G} has them.
     */
    @Test
    void environmentVariablesAreExpandedWhereSshExpandsThem() throws Exception {
        String home = System.getenv("HOME");
        assumeTrue(home != null && System.getenv("AMIKO_SURELY_UNSET") == null, "HOME set, AMIKO_SURELY_UNSET not");
        Path file = Files.writeString(directory.resolve("environment"), "Host a\n  IdentityAgent ${HOME}/agent.sock\n"
                + "  IdentityFile ${HOME}/id_x\n  UserKnownHostsFile ${HOME}/kh ~/kh2\nHost b\n  IdentityAgent $HOME\n");
        SshConfig config = SshConfig.load(file);
        HostConfig a = config.lookup("a");
        assertEquals(home + "/agent.sock", a.identityAgent());
        assertEquals(List.of(Path.of(home, "id_x")), a.identityFiles());
        assertEquals(List.of(Path.of(home, "kh"), Path.of(HOME, "kh2")), a.knownHostsFiles());
        assertEquals("$HOME", config.lookup("b").identityAgent(), "the variable that holds the socket, named");
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> SshConfig.parse("IdentityAgent ${AMIKO_SURELY_UNSET}/s\n").lookup("x"));
        assertEquals("IdentityAgent: environment variable ${AMIKO_SURELY_UNSET} has no value", unset.getMessage());
        SshG.assumeInstalled();
        for (String host : List.of("a", "b")) {
            Map<String, String> ssh = SshG.values(file, host);
            HostConfig ours = config.lookup(host);
            assertEquals(ssh.get("identityagent"), ours.identityAgent(), host);
            if (ours.knownHostsFiles() != null) {
                assertEquals(ssh.get("userknownhostsfile"), String.join(" ",
                        ours.knownHostsFiles().stream().map(Path::toString).toList()), host);
            }
        }
    }

    /** {@code %n}, the name asked for, and {@code %k}, the host key alias or else that name, as {@code ssh -G} has them. */
    @Test
    void theNameAskedForAndTheAliasAreTokens() throws Exception {
        Path file = Files.writeString(directory.resolve("tokens"), "Host tk\n  HostName real.example\n"
                + "  HostKeyAlias aliased\n  UserKnownHostsFile ~/.ssh/kh_%n_%k_%h\n  IdentityFile ~/.ssh/id_%n_%k\n"
                + "Host tn\n  UserKnownHostsFile ~/.ssh/kh_%n_%k\n");
        SshConfig config = SshConfig.load(file);
        HostConfig tk = config.lookup("tk");
        assertEquals(List.of(Path.of(HOME, ".ssh/kh_tk_aliased_real.example")), tk.knownHostsFiles());
        assertEquals(List.of(Path.of(HOME, ".ssh/id_tk_aliased")), tk.identityFiles());
        assertEquals(List.of(Path.of(HOME, ".ssh/kh_tn_tn")), config.lookup("tn").knownHostsFiles(), "no alias: the name");
        SshG.assumeInstalled();
        for (String host : List.of("tk", "tn")) {
            assertEquals(SshG.values(file, host).get("userknownhostsfile"), config.lookup(host).knownHostsFiles().get(0).toString(),
                    host);
        }
    }

    /** ServerAliveCountMax: the first value, 3 without one, a malformed one reported; as {@code ssh -G} has it. */
    @Test
    void serverAliveCountMaxIsReadAsSshReadsIt() throws Exception {
        Path file = Files.writeString(directory.resolve("alive"), "Host once\n  ServerAliveCountMax 1\n"
                + "Host never\n  ServerAliveCountMax 0\nHost *\n  ServerAliveCountMax 7\n");
        SshConfig config = SshConfig.load(file);
        assertEquals(1, config.lookup("once").serverAliveCountMax());
        assertEquals(0, config.lookup("never").serverAliveCountMax());
        assertEquals(7, config.lookup("other").serverAliveCountMax());
        assertEquals(3, SshConfig.parse("").lookup("x").serverAliveCountMax(), "ssh's default");
        assertEquals(List.of("config line 2: ServerAliveCountMax many is not a count"),
                SshConfig.parse("Host x\n  ServerAliveCountMax many\n").problems());
        SshG.assumeInstalled();
        for (String host : List.of("once", "never", "other")) {
            assertEquals(SshG.values(file, host).get("serveralivecountmax"),
                    Integer.toString(config.lookup(host).serverAliveCountMax()), host);
        }
    }

    /**
     * The user's file and then the system's, as ssh reads them: the first value wins across both,
     * the system's defaults fill in, each file's relative Include resolves in its own directory.
     */
    @Test
    void theUsersFileThenTheSystemsAsOne() throws Exception {
        Path user = Files.createDirectories(directory.resolve("home/.ssh"));
        Path system = Files.createDirectories(directory.resolve("etc/ssh"));
        Files.writeString(user.resolve("config"), "Host db\n  User alice\n  Port 2200\n");
        Files.writeString(system.resolve("ssh_config"), "Include ssh_config.d/*.conf\nHost *\n  User nobody\n"
                + "  ServerAliveInterval 30\n");
        Files.createDirectories(system.resolve("ssh_config.d"));
        Files.writeString(system.resolve("ssh_config.d/10-ports.conf"), "Host db\n  Port 9\n  Compression yes\n");
        SshConfig config = SshConfig.load(List.of(user.resolve("config"), system.resolve("ssh_config"),
                directory.resolve("missing")));
        HostConfig db = config.lookup("db");
        assertEquals("alice", db.user(), "the user's file first");
        assertEquals(2200, db.port());
        assertTrue(db.compression(), "the system's Include, relative to /etc/ssh");
        assertEquals(Duration.ofSeconds(30), db.serverAliveInterval(), "the system's defaults fill in");
        assertEquals("nobody", config.lookup("web").user());
    }

    /** AddressFamily, ConnectionAttempts, BindAddress and BindInterface, and malformed ones reported; as {@code ssh -G} has them. */
    @Test
    void whereToConnectFromIsReadAsSshReadsIt() throws Exception {
        Path file = Files.writeString(directory.resolve("route"), "Host a\n  AddressFamily inet6\n  ConnectionAttempts 3\n"
                + "  BindAddress 127.0.0.2\nHost b\n  BindInterface lo\n");
        SshConfig config = SshConfig.load(file);
        HostConfig a = config.lookup("a");
        assertEquals("inet6", a.addressFamily());
        assertEquals(3, a.connectionAttempts());
        assertEquals("127.0.0.2", a.bindAddress());
        HostConfig b = config.lookup("b");
        assertEquals("any", b.addressFamily());
        assertEquals(1, b.connectionAttempts());
        assertEquals("lo", b.bindInterface());
        assertEquals(List.of("config line 2: AddressFamily ipx is none of any, inet and inet6",
                "config line 3: ConnectionAttempts 0 is not a count of one or more"),
                SshConfig.parse("Host x\n  AddressFamily ipx\n  ConnectionAttempts 0\n").problems());
        SshG.assumeInstalled();
        Map<String, String> ssh = SshG.values(file, "a");
        assertEquals("inet6", ssh.get("addressfamily"));
        assertEquals("3", ssh.get("connectionattempts"));
        assertEquals("127.0.0.2", ssh.get("bindaddress"));
        assertEquals("lo", SshG.values(file, "b").get("bindinterface"));
        assertEquals("1", SshG.values(file, "b").get("connectionattempts"));
    }

    /** AddKeysToAgent as readconf.c reads it: yes, no, ask (no here), confirm, a time, confirm and a time. */
    @Test
    void addKeysToAgentIsReadAsSshReadsIt() throws Exception {
        assertEquals(KeysToAgent.NO, KeysToAgent.parse(null));
        assertEquals(KeysToAgent.NO, KeysToAgent.parse(List.of("ask")), "nobody to ask");
        assertEquals(new KeysToAgent(true, false, Duration.ZERO), KeysToAgent.parse(List.of("yes")));
        assertEquals(new KeysToAgent(true, true, Duration.ZERO), KeysToAgent.parse(List.of("confirm")));
        assertEquals(new KeysToAgent(true, false, Duration.ofHours(1)), KeysToAgent.parse(List.of("1h")));
        assertEquals(new KeysToAgent(true, true, Duration.ofMinutes(5)), KeysToAgent.parse(List.of("confirm", "5m")));
        assertEquals(List.of("config line 1: AddKeysToAgent yes 5m: only confirm takes a time after it",
                "config line 2: AddKeysToAgent sometimes is not a time (seconds, or 1m30s)"),
                SshConfig.parse("AddKeysToAgent yes 5m\nAddKeysToAgent sometimes\n").problems());
        assertEquals(List.of("confirm", "5m"), SshConfig.parse("AddKeysToAgent confirm 5m\n").lookup("x").addKeysToAgent());
    }

    /** UpdateHostKeys and HashKnownHosts: as set, null when not; as {@code ssh -G} has them. */
    @Test
    void updateHostKeysAndHashKnownHostsAreReadAsSshReadsThem() throws Exception {
        Path file = Files.writeString(directory.resolve("hosts"), "Host a\n  UpdateHostKeys no\n  HashKnownHosts yes\n"
                + "Host b\n  UpdateHostKeys ask\n  HashKnownHosts no\nHost c\n  UpdateHostKeys yes\n");
        SshConfig config = SshConfig.load(file);
        assertEquals(Boolean.FALSE, config.lookup("a").updateHostKeys());
        assertEquals(Boolean.TRUE, config.lookup("a").hashKnownHosts());
        assertEquals(Boolean.FALSE, config.lookup("b").updateHostKeys(), "ask: nobody to ask");
        assertEquals(Boolean.FALSE, config.lookup("b").hashKnownHosts());
        assertEquals(Boolean.TRUE, config.lookup("c").updateHostKeys());
        assertNull(config.lookup("c").hashKnownHosts());
        SshG.assumeInstalled();
        // 9.2 shows UpdateHostKeys as true, false or ask
        assertEquals("false", SshG.values(file, "a").get("updatehostkeys"));
        assertEquals("yes", SshG.values(file, "a").get("hashknownhosts"));
        assertEquals("ask", SshG.values(file, "b").get("updatehostkeys"));
        assertEquals("no", SshG.values(file, "b").get("hashknownhosts"));
        assertEquals("true", SshG.values(file, "c").get("updatehostkeys"));
    }

    /**
     * This side's tokens, {@code %l} (the host name), {@code %L} (its first label) and {@code %i}
     * (the user id), and {@code %C}, the SHA-1 of {@code %l%h%p%r%j}, as {@code ssh -G} has them
     * where there is no ProxyJump (OpenSSH 9.2 knows no {@code %j}); with one, {@code %j} is the
     * ProxyJump line and is hashed too, as OpenSSH has it since.
     */
    @Test
    void thisSidesTokensAndTheConnectionHash() throws Exception {
        Path file = Files.writeString(directory.resolve("local-tokens"), "Host lt\n  HostName h.example\n  Port 2222\n"
                + "  User bob\n  UserKnownHostsFile /tmp/kh-%C-%L-%l-%i\nHost jt\n  ProxyJump u@j1:22,j2\n"
                + "  UserKnownHostsFile /tmp/kh-%C-[%j]\n");
        SshConfig config = SshConfig.load(file);
        String local = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        String hash = sha1(local + "h.example2222bob");
        assertEquals(Path.of("/tmp/kh-" + hash + "-" + local.split("\\.")[0] + "-" + local + "-" + uid),
                config.lookup("lt").knownHostsFiles().get(0));
        String user = System.getProperty("user.name");
        assertEquals(Path.of("/tmp/kh-" + sha1(local + "jt22" + user + "u@j1:22,j2") + "-[u@j1:22,j2]"),
                config.lookup("jt").knownHostsFiles().get(0));
        SshG.assumeInstalled();
        assertEquals(SshG.values(file, "lt").get("userknownhostsfile"), config.lookup("lt").knownHostsFiles().get(0).toString());
    }

    private static String sha1(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code Match final} asks for ssh's final pass: the files are read again, {@code Host} lines
     * matching the host name the first pass came to (in lower case), {@code final} and
     * {@code canonical} holding, the first value still winning and each IdentityFile once.
     * Without it there is one pass, and {@code Match canonical} never holds. As {@code ssh -G} has it.
     */
    @Test
    void matchFinalReadsTheFilesAgainForTheHostNameReached() throws Exception {
        Path withFinal = Files.writeString(directory.resolve("final"), "Host db\n  HostName DB.Example.ORG\n"
                + "  IdentityFile ~/.ssh/id_a\nHost db.example.org\n  User lower\n  Port 2200\n  IdentityFile ~/.ssh/id_b\n"
                + "Match final\n  ServerAliveInterval 9\n  IdentityFile ~/.ssh/id_a\nMatch canonical\n  Compression yes\n"
                + "Match host db.example.org !final\n  ConnectTimeout 3\n");
        HostConfig db = SshConfig.load(withFinal).lookup("db");
        assertEquals("db.example.org", db.hostName());
        assertEquals("lower", db.user(), "Host db.example.org, in the final pass");
        assertEquals(2200, db.port());
        assertEquals(List.of(Path.of(HOME, ".ssh/id_a"), Path.of(HOME, ".ssh/id_b")), db.identityFiles(), "each once");
        assertEquals(Duration.ofSeconds(9), db.serverAliveInterval(), "Match final");
        assertTrue(db.compression(), "Match canonical holds in the final pass");
        assertEquals(Duration.ofSeconds(3), db.connectTimeout(), "!final, in the first pass");

        Path without = Files.writeString(directory.resolve("nofinal"), "Host db\n  HostName 10.0.0.5\n"
                + "Host 10.0.0.*\n  User fromfinal\nMatch canonical\n  Compression yes\n");
        HostConfig one = SshConfig.load(without).lookup("db");
        assertEquals(System.getProperty("user.name"), one.user(), "one pass: Host lines see the name asked for");
        assertFalse(one.compression(), "no final pass, no canonical");

        // CanonicalizeHostname yes asks for the final pass too, and so does a Match final line
        // whose block does not apply
        Path canonicalize = Files.writeString(directory.resolve("canonicalize"), "CanonicalizeHostname yes\n"
                + "Host db\n  HostName 10.0.0.5\nHost 10.0.0.*\n  User fromfinal\nMatch canonical\n  Compression yes\n");
        assertEquals("fromfinal", SshConfig.load(canonicalize).lookup("db").user());
        SshConfig unfollowed = SshConfig.parse("Host db\n  HostName 10.0.0.5\nHost 10.0.0.*\n  User fromfinal\n"
                + "Match final exec false\n  Port 9\n");
        assertEquals("fromfinal", unfollowed.lookup("db").user(), "the final pass, though the block does not apply");
        assertEquals(22, unfollowed.lookup("db").port());

        SshG.assumeInstalled();
        for (Path file : List.of(withFinal, without, canonicalize)) {
            Map<String, String> ssh = SshG.values(file, "db");
            HostConfig ours = SshConfig.load(file).lookup("db");
            assertEquals(ssh.get("hostname"), ours.hostName(), file.toString());
            assertEquals(ssh.get("user"), ours.user(), file.toString());
            assertEquals(ssh.get("port"), Integer.toString(ours.port()), file.toString());
            assertEquals(ssh.get("compression"), ours.compression() ? "yes" : "no", file.toString());
            assertEquals(ssh.get("serveraliveinterval"), Long.toString(ours.serverAliveInterval().toSeconds()),
                    file.toString());
            assertEquals(ssh.get("connecttimeout"), ours.connectTimeout() == null ? "none"
                    : Long.toString(ours.connectTimeout().toSeconds()), file.toString());
        }
    }

    /**
     * CertificateFile lines add up, each file once (ssh -G lists them so, before expanding), with
     * {@code ~}, tokens and {@code ${NAME}} expanded.
     */
    @Test
    void certificateFilesAddUpEachOnce() throws Exception {
        assumeTrue(System.getenv("HOME") != null, "HOME set");
        Path file = Files.writeString(directory.resolve("certificates"), "Host c\n  CertificateFile ~/.ssh/%n-cert.pub\n"
                + "  CertificateFile ~/.ssh/%n-cert.pub\n  CertificateFile ${HOME}/x-cert.pub\n");
        assertEquals(List.of(Path.of(HOME, ".ssh/c-cert.pub"), Path.of(System.getenv("HOME"), "x-cert.pub")),
                SshConfig.load(file).lookup("c").certificateFiles());
        assertEquals(List.of(), SshConfig.parse("").lookup("c").certificateFiles());
        SshG.assumeInstalled();
        Process ssh = new ProcessBuilder("/usr/bin/ssh", "-G", "-F", file.toString(), "c")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> listed = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("certificatefile ")).toList();
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, listed.size(), listed.toString());
    }

    /** ForwardAgent: yes, no, a socket path ({@code ~} expanded) or {@code $NAME}, as {@code ssh -G} has it. */
    @Test
    void forwardAgentIsReadAsSshReadsIt() throws Exception {
        Path file = Files.writeString(directory.resolve("forward"), "Host a\n  ForwardAgent yes\nHost b\n"
                + "  ForwardAgent ~/agent-%h.sock\nHost c\n  ForwardAgent $SOME_AGENT\nHost t\n  ForwardAgent true\n");
        SshConfig config = SshConfig.load(file);
        assertEquals("yes", config.lookup("a").forwardAgent());
        assertEquals(HOME + "/agent-b.sock", config.lookup("b").forwardAgent());
        assertEquals("$SOME_AGENT", config.lookup("c").forwardAgent());
        assertNull(config.lookup("x").forwardAgent(), "not set");
        assertEquals("yes", config.lookup("t").forwardAgent(), "a flag, not a socket path");
        SshG.assumeInstalled();
        for (String host : List.of("a", "b", "c", "x", "t")) {
            String ours = config.lookup(host).forwardAgent();
            assertEquals(SshG.values(file, host).get("forwardagent"), ours == null ? "no" : ours, host);
        }
    }

    /** Match blocks as {@code ssh -G} reads them. */
    @Test
    void matchAgreesWithSshG() throws Exception {
        SshG.assumeInstalled();
        Path file = Files.writeString(directory.resolve("matches"), MATCHES);
        SshConfig config = SshConfig.load(file);
        for (String host : List.of("alias-a", "alias-b", "ALIAS-B", "other")) {
            Map<String, String> ssh = SshG.values(file, host);
            HostConfig ours = config.lookup(host);
            assertEquals(ssh.get("hostname"), ours.hostName(), host);
            assertEquals(ssh.get("user"), ours.user(), host);
            assertEquals(ssh.get("port"), Integer.toString(ours.port()), host);
            assertEquals(ssh.get("hostkeyalias"), ours.hostKeyAlias(), host);
            assertEquals(ssh.get("compression"), ours.compression() ? "yes" : "no", host);
            assertEquals(ssh.get("serveraliveinterval"), Long.toString(ours.serverAliveInterval().toSeconds()), host);
        }
    }

    /** The same answers as OpenSSH's own reading of the file, {@code ssh -G}. */
    @Test
    void agreesWithSshG() throws Exception {
        SshG.assumeInstalled();
        Path file = Files.writeString(directory.resolve("config"), CONFIG.replace(",[2001:db8::7]:22", ""));
        SshConfig config = SshConfig.load(file);
        for (String host : List.of("db1", "db-old", "bastion", "web", "other", "Mixed", "mixed", "pc", "from-env")) {
            Map<String, String> ssh = SshG.values(file, host);
            HostConfig ours = config.lookup(host);
            assertEquals(ssh.get("hostname"), ours.hostName(), host);
            assertEquals(ssh.get("user"), ours.user(), host);
            assertEquals(ssh.get("port"), Integer.toString(ours.port()), host);
            assertEquals(ssh.get("identitiesonly"), ours.identitiesOnly() ? "yes" : "no", host);
            assertEquals(ssh.get("proxycommand"), ours.proxyCommand(), host);
            assertEquals(ssh.get("proxyjump"), ours.proxyJump().isEmpty() ? null
                    : ours.proxyJump().stream().map(hop -> (hop.user() == null ? "" : hop.user() + "@") + hop.host()
                            + (hop.port() == null ? "" : ":" + hop.port())).reduce((a, b) -> a + "," + b).orElseThrow(),
                    host);
            if (ours.strictHostKeyChecking() != null) {
                assertEquals(ssh.get("stricthostkeychecking"), ours.strictHostKeyChecking(), host);
            }
            assertEquals(ssh.get("compression"), ours.compression() ? "yes" : "no", host);
            assertEquals(ssh.get("serveraliveinterval"), Long.toString(ours.serverAliveInterval().toSeconds()), host);
            assertEquals(ssh.get("hostkeyalias"), ours.hostKeyAlias(), host);
            assertEquals(ssh.get("identityagent"), ours.identityAgent(), host);
            assertEquals(ssh.get("connecttimeout"), ours.connectTimeout() == null ? "none"
                    : Long.toString(ours.connectTimeout().toSeconds()), host);
            if (ours.algorithms().containsKey(AlgorithmFamily.CIPHER)) {
                assertEquals(ssh.get("ciphers"), ours.algorithms().get(AlgorithmFamily.CIPHER), host);
                assertEquals(ssh.get("macs"), ours.algorithms().get(AlgorithmFamily.MAC), host);
            }
            if (ours.knownHostsFiles() != null) {
                assertEquals(ssh.get("userknownhostsfile"), String.join(" ",
                        ours.knownHostsFiles().stream().map(Path::toString).toList()), host);
            }
        }
    }

    /**
     * RevokedHostKeys: files, ~ and tokens expanded where ssh uses them, none alone for none,
     * first line wins; ssh -G shows the line as written.
     */
    @Test
    void revokedHostKeysIsReadAsSshReadsIt() throws Exception {
        Path file = Files.writeString(directory.resolve("revoked-config"), """
                Host open
                  RevokedHostKeys none
                Host *
                  RevokedHostKeys ~/.ssh/revoked_%h /etc/ssh/revoked
                """);
        SshConfig config = SshConfig.load(file);
        assertEquals(List.of(Path.of(HOME, ".ssh/revoked_box"), Path.of("/etc/ssh/revoked")),
                config.lookup("box").revokedHostKeys());
        assertEquals(List.of(), config.lookup("open").revokedHostKeys(), "none, first, wins");
        assertNull(SshConfig.parse("Host x\n").lookup("x").revokedHostKeys(), "not set");
        assertEquals(1, SshConfig.parse("RevokedHostKeys none /etc/ssh/revoked\n").problems().size(),
                "none must stand alone");
        SshG.assumeInstalled();
        // OpenSSH 9.2 takes one file (several since 10.3), and shows it as written
        Path one = Files.writeString(directory.resolve("revoked-one"), "RevokedHostKeys ~/.ssh/revoked_%h\n");
        assertEquals(List.of(Path.of(HOME, ".ssh/revoked_box")), SshConfig.load(one).lookup("box").revokedHostKeys());
        assertEquals("~/.ssh/revoked_%h", SshG.values(one, "box").get("revokedhostkeys"));
    }
}
