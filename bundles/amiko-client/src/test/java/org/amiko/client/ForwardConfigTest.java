// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh_config's forwardings ({@code LocalForward}, {@code RemoteForward}, {@code DynamicForward},
 * {@code GatewayPorts}, {@code ExitOnForwardFailure}, {@code ClearAllForwardings}) and environment
 * ({@code SetEnv}, {@code SendEnv}) as readconf.c reads them, and, where OpenSSH's ssh is
 * installed, as {@code ssh -G} lists them.
 */
class ForwardConfigTest {
    private static final String CONFIG = """
            Host a
              LocalForward 8080 localhost:80
              LocalForward 127.0.0.1:8081 [::1]:81
              LocalForward 8080 localhost:80
              LocalForward /tmp/l-%h.sock db:5432
              RemoteForward 9000 localhost:3000
              RemoteForward 0 localhost:3001
              RemoteForward *:9001 localhost:3002
              RemoteForward 9002
              RemoteForward ${HOME}/r-%r.sock localhost:3003
              RemoteForward 9003 /run/target.sock
              DynamicForward 1080
              DynamicForward *:1081
              GatewayPorts yes
              ExitOnForwardFailure yes
              SetEnv A=1 "B=x y" A=3
              SetEnv A=2 C=3
              SendEnv LANG LC_*
              SendEnv -LANG XY
            Host b
              ClearAllForwardings yes
            Host *
              LocalForward 8080 localhost:80
              DynamicForward 1080
            """;

    @TempDir
    Path directory;

    @Test
    void everyFormIsReadOnceInOrder() throws Exception {
        assumeTrue(System.getenv("HOME") != null, "HOME set");
        HostConfig a = SshConfig.load(Files.writeString(directory.resolve("config"), CONFIG)).lookup("a");
        String user = System.getProperty("user.name");
        assertEquals(List.of("localforward 8080 [localhost]:80", "localforward [127.0.0.1]:8081 [::1]:81",
                "localforward /tmp/l-a.sock [db]:5432", "remoteforward 9000 [localhost]:3000",
                "remoteforward 0 [localhost]:3001", "remoteforward [*]:9001 [localhost]:3002",
                "remoteforward 9002 [socks]:0",
                "remoteforward " + System.getenv("HOME") + "/r-" + user + ".sock [localhost]:3003",
                "remoteforward 9003 /run/target.sock", "dynamicforward 1080", "dynamicforward [*]:1081"),
                a.forwards().stream().map(Forward::toString).toList());
        assertTrue(a.gatewayPorts());
        assertTrue(a.exitOnForwardFailure());
        // the first SetEnv line, each name's first value
        assertEquals(List.of(Map.entry("A", "1"), Map.entry("B", "x y")), List.copyOf(a.setEnv().entrySet()));
        // -LANG takes LANG out again
        assertEquals(List.of("LC_*", "XY"), a.sendEnv());
    }

    @Test
    void clearAllForwardingsClearsThemWhereverTheyCameFrom() throws Exception {
        SshConfig config = SshConfig.parse(CONFIG);
        assertEquals(List.of(), config.lookup("b").forwards());
        HostConfig other = config.lookup("other");
        assertEquals(List.of("localforward 8080 [localhost]:80", "dynamicforward 1080"),
                other.forwards().stream().map(Forward::toString).toList());
        assertFalse(other.gatewayPorts());
        assertFalse(other.exitOnForwardFailure());
        assertEquals(Map.of(), other.setEnv());
        assertEquals(List.of(), other.sendEnv());
    }

    /** parse_forward's table: what each number of fields means, paths at either end. */
    @Test
    void theFieldsArePlacedAsParseForwardPlacesThem() {
        assertEquals(new Forward(Forward.Kind.LOCAL, null, 8082, null, null, 0, "/run/x.sock"),
                Forward.parse("localforward", List.of("8082", "/run/x.sock")));
        assertEquals(new Forward(Forward.Kind.LOCAL, null, 0, "/a.sock", null, 0, "/b.sock"),
                Forward.parse("localforward", List.of("/a.sock", "/b.sock")));
        assertEquals(new Forward(Forward.Kind.LOCAL, "::1", 8080, null, "db", 5432, null),
                Forward.parse("localforward", List.of("[::1]:8080", "db:5432")));
        assertEquals(new Forward(Forward.Kind.REMOTE, "", 9000, null, null, 0, "/run/y.sock"),
                Forward.parse("remoteforward", List.of(":9000", "/run/y.sock")));
        assertEquals(new Forward(Forward.Kind.LOCAL, null, 8080, null, "db:x", 22, null),
                Forward.parse("localforward", List.of("8080", "db\\:x:22")), "an escaped colon is part of the field");
        assertEquals(new Forward(Forward.Kind.REMOTE_DYNAMIC, "127.0.0.1", 0, null, null, 0, null),
                Forward.parse("remoteforward", List.of("127.0.0.1:0")));
        assertEquals(new Forward(Forward.Kind.REMOTE_DYNAMIC, null, 9000, null, null, 0, null),
                Forward.parse("remoteforward", List.of("9000", "")), "an empty target is none");
        assertThrows(IllegalArgumentException.class, () -> Forward.parse("localforward", List.of("8080", "")));
        assertEquals(new Forward(Forward.Kind.DYNAMIC, null, 0, "/run/socks.sock", null, 0, null),
                Forward.parse("dynamicforward", List.of("/run/socks.sock")));
    }

    /** Lines ssh refuses are left out and reported, whether their block applies or not. */
    @Test
    void malformedLinesAreReportedAndLeftOut() throws Exception {
        List<String> bad = List.of("LocalForward 0 localhost:80", "LocalForward 8080", "LocalForward 8080 host:65536",
                "LocalForward 8080 host:http", "LocalForward [::1 host:80", "LocalForward 8080 host:80 extra",
                "DynamicForward 1080 extra", "DynamicForward 0", "DynamicForward a:b:1080", "RemoteForward 9000 host",
                "LocalForward 8080 /" + "x".repeat(108), "SetEnv A=1 B", "SendEnv A=b");
        StringBuilder text = new StringBuilder("Host nothing-matches\n");
        bad.forEach(line -> text.append("  ").append(line).append('\n'));
        SshConfig config = SshConfig.parse(text + "Host *\n  LocalForward 8080 localhost:80\n");
        List<String> problems = config.problems();
        assertEquals(bad.size(), problems.size(), problems.toString());
        for (int i = 0; i < bad.size(); i++) {
            assertTrue(problems.get(i).startsWith("config line " + (i + 2) + ": "), problems.get(i));
        }
        assertTrue(problems.get(0).endsWith("Bad forwarding specification."), problems.get(0));
        assertTrue(problems.get(1).endsWith("Missing target argument."), problems.get(1));
        List<String> secret = SshConfig.parse("SetEnv TOKEN=s3cret B\n").problems();
        assertEquals(List.of("config line 1: Invalid SetEnv: argument 2 is not NAME=value"), secret,
                "a value on the line is not repeated: it may be a secret");
        assertEquals(1, config.lookup("nothing-matches").forwards().size());
        assertThrows(IllegalArgumentException.class, () -> Forward.parse("remoteforward", List.of("a:b:c")));
    }

    /** The same lists as OpenSSH's own reading, {@code ssh -G}. */
    @Test
    void agreesWithSshG() throws Exception {
        SshG.assumeInstalled();
        assumeTrue(System.getenv("HOME") != null, "HOME set");
        Path file = Files.writeString(directory.resolve("config"), CONFIG);
        SshConfig config = SshConfig.load(file);
        for (String host : List.of("a", "b", "other")) {
            HostConfig ours = config.lookup(host);
            List<String> ssh = SshG.lines(file, host);
            for (Forward.Kind kind : List.of(Forward.Kind.DYNAMIC, Forward.Kind.LOCAL, Forward.Kind.REMOTE)) {
                String keyword = kind.keyword().toLowerCase(java.util.Locale.ROOT);
                assertEquals(ssh.stream().filter(line -> line.startsWith(keyword + " ")).toList(),
                        ours.forwards().stream().map(Forward::toString).filter(line -> line.startsWith(keyword + " "))
                                .toList(), host + " " + keyword);
            }
            List<String> setEnv = new ArrayList<>();
            ours.setEnv().forEach((name, value) -> setEnv.add("setenv " + name + "=" + value));
            assertEquals(ssh.stream().filter(line -> line.startsWith("setenv ")).toList(), setEnv, host);
            assertEquals(ssh.stream().filter(line -> line.startsWith("sendenv ")).toList(),
                    ours.sendEnv().stream().map(pattern -> "sendenv " + pattern).toList(), host);
            assertTrue(ssh.contains("gatewayports " + (ours.gatewayPorts() ? "yes" : "no")), host);
            assertTrue(ssh.contains("exitonforwardfailure " + (ours.exitOnForwardFailure() ? "yes" : "no")), host);
        }
    }

    /** PermitRemoteOpen: where a remote SOCKS proxy may connect, as ssh -G shows it and channels.c matches it. */
    @Test
    void permitRemoteOpenSaysWhereARemoteSocksProxyMayConnect() throws Exception {
        Path file = Files.writeString(directory.resolve("opens"), "Host a\n  PermitRemoteOpen localhost:80 [::1]:* *:443\n"
                + "Host b\n  PermitRemoteOpen none\n");
        SshConfig config = SshConfig.load(file);
        RemoteOpens a = RemoteOpens.parse(config.lookup("a").permitRemoteOpen());
        assertTrue(a.test("localhost", 80));
        assertFalse(a.test("localhost", 81));
        assertFalse(a.test("127.0.0.1", 80), "the name as the SOCKS client gave it");
        assertTrue(a.test("::1", 22));
        assertTrue(a.test("anywhere.example", 443));
        assertFalse(RemoteOpens.parse(config.lookup("b").permitRemoteOpen()).test("localhost", 80));
        assertTrue(RemoteOpens.parse(config.lookup("c").permitRemoteOpen()).test("anywhere", 1), "not set: any");
        assertEquals(List.of("config line 1: PermitRemoteOpen any must appear alone",
                "config line 2: PermitRemoteOpen nohost: host:port expected"),
                SshConfig.parse("PermitRemoteOpen localhost:80 any\nPermitRemoteOpen nohost\n").problems());
        SshG.assumeInstalled();
        assertTrue(SshG.lines(file, "a").contains("permitremoteopen " + String.join(" ", config.lookup("a").permitRemoteOpen())));
        assertTrue(SshG.lines(file, "b").contains("permitremoteopen none"));
    }
}
