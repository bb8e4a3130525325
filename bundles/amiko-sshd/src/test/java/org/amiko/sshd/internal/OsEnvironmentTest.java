// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.amiko.sshd.internal.ApplianceFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code shell=os} command finds around it, as sshd gives it (session.c
 * {@code do_setup_env} and {@code do_child}): the account's home as its directory, sshd's
 * variables with the connection's addresses, none of the server's own, and {@code setEnv} over the
 * session's variables but under {@code SSH_ORIGINAL_COMMAND}.
 */
@Timeout(60)
class OsEnvironmentTest {
    /** What dash or bash set themselves when they start, which sshd's commands see as well. */
    private static final Set<String> SHELL_OWN = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void aCommandRunsInTheHomeWithSshdsVariablesOnly() throws Exception {
        // set for this JVM by the module's pom: without it the check below could not fail
        assertEquals("not for commands", System.getenv("AMIKO_SERVER_ONLY"));
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Map<String, String> seen = environment(client.openSession(), "pwd; env");
            String user = System.getProperty("user.name");
            assertEquals(Path.of(System.getProperty("user.home")).toRealPath().toString(), seen.remove("pwd"));
            InetSocketAddress from = client.getLocalName();
            InetSocketAddress to = client.getPeerName();
            assertEquals("127.0.0.1 " + from.getPort() + " " + to.getPort(), seen.get("SSH_CLIENT"));
            assertEquals("127.0.0.1 " + from.getPort() + " 127.0.0.1 " + to.getPort(), seen.get("SSH_CONNECTION"));
            assertEquals(user, seen.get("USER"));
            assertEquals(user, seen.get("LOGNAME"));
            assertEquals(System.getProperty("user.home"), seen.get("HOME"));
            assertEquals("/var/mail/" + user, seen.get("MAIL"));
            assertEquals("/bin/sh", seen.get("SHELL"));
            Set<String> systemNames = systemFileNames();
            if (!systemNames.contains("PATH")) {
                // Debian sshd's, by uid
                assertEquals(isRoot() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                        : "/usr/local/bin:/usr/bin:/bin:/usr/games", seen.get("PATH"));
            }
            Set<String> expected = new TreeSet<>(Set.of("USER", "LOGNAME", "HOME", "PATH", "MAIL", "SHELL", "SSH_CLIENT",
                    "SSH_CONNECTION"));
            if (System.getenv("TZ") != null) {
                expected.add("TZ");
            }
            expected.addAll(systemNames);
            seen.keySet().removeAll(SHELL_OWN);
            assertEquals(expected, new TreeSet<>(seen.keySet())); // names only: values could be secrets
        }
    }

    /**
     * setEnv, as sshd's SetEnv: over the session's defaults and what the client set, a value with
     * spaces in quotes, the first of a name counting; SSH_ORIGINAL_COMMAND and SSH_CONNECTION stay
     * the server's.
     */
    @Test
    void setEnvGoesOverTheSessionsVariablesButNotTheConnections() throws Exception {
        appliance.acceptEnv = "LANG GREETING";
        appliance.setEnv = "PATH=/opt/tools/bin:/usr/bin:/bin GREETING=\"hello world\" GREETING=ignored"
                + " SSH_ORIGINAL_COMMAND=forged SSH_CONNECTION=forged";
        appliance.forceCommand = "env";
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Channel channel = client.openSession();
            channel.setEnvironmentVariable("LANG", "C.UTF-8");
            channel.setEnvironmentVariable("GREETING", "from the client");
            Map<String, String> seen = environment(channel, "asked for");
            assertEquals("/opt/tools/bin:/usr/bin:/bin", seen.get("PATH"));
            assertEquals("hello world", seen.get("GREETING"));
            assertEquals("C.UTF-8", seen.get("LANG"));
            assertEquals("asked for", seen.get("SSH_ORIGINAL_COMMAND"));
            assertTrue(seen.get("SSH_CONNECTION").startsWith("127.0.0.1 "), seen.get("SSH_CONNECTION"));
        }
    }

    /**
     * A key's environment= comes after the agent's socket and before setEnv, as in sshd; a match
     * block's setEnv replaces the server-wide one for its logins, from the next login.
     */
    @Test
    void aKeysVariablesAndAMatchBlocksSetEnv() throws Exception {
        appliance.login = LoginSettings.of(TestConfigs.sshd(Map.of("setEnv", "FROM_SERVER=yes SHARED=server",
                "permitUserEnvironment", "yes")));
        KeyPair key = ApplianceFixture.generate();
        String line = "environment=\"SHARED=key\",environment=\"SSH_AUTH_SOCK=/key/sock\",environment=\"KEY_ONLY=1\" "
                + PublicKeyLine.of(key.getPublic(), "k").format() + "\n";
        try (Transport client = appliance.serve(AuthorizedKeys.parse(line), null, appliance.os, ForwardingSettings.OFF)) {
            client.authPublickey("pat", key);
            Channel channel = client.openSession();
            assertTrue(channel.requestForwardAgent());
            Map<String, String> seen = environment(channel, "env");
            assertEquals("server", seen.get("SHARED"), "setEnv over the key's");
            assertEquals("yes", seen.get("FROM_SERVER"));
            assertEquals("1", seen.get("KEY_ONLY"));
            assertEquals("/key/sock", seen.get("SSH_AUTH_SOCK"), "the key's over the agent's, as sshd");
        }
        appliance.configurations.put("org.amiko.match-pat.cfg", Map.of("user", "pat", "setEnv", "SHARED=block"));
        try (Transport client = appliance.connect()) {
            client.authPublickey("pat", key);
            Map<String, String> seen = environment(client.openSession(), "env");
            assertEquals("block", seen.get("SHARED"));
            assertEquals(null, seen.get("FROM_SERVER"), "the block's list replaces the server's, as sshd's");
        }
    }

    /** The names /etc/environment and /etc/default/locale set, as pam_env reads them (the values do not matter here). */
    private static Set<String> systemFileNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String file : List.of("/etc/environment", "/etc/default/locale")) {
            if (Files.isReadable(Path.of(file))) {
                for (String line : Files.readAllLines(Path.of(file))) {
                    Matcher name = Pattern.compile("\\s*(?:export\\s+)?([A-Za-z0-9_]+)=.*").matcher(line);
                    if (name.matches()) {
                        names.add(name.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** The variables {@code env} printed, and {@code pwd}'s line under the key "pwd"; no value spans lines here. */
    private static Map<String, String> environment(Channel channel, String command) throws Exception {
        Map<String, String> seen = new TreeMap<>();
        for (String line : run(channel, command).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                seen.put(line.substring(0, equals), line.substring(equals + 1));
            } else if (line.startsWith("/")) {
                seen.put("pwd", line);
            }
        }
        return seen;
    }

    /** Whether this process runs as uid 0, as id(1) says. */
    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        return new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip()
                .equals("0");
    }
}
