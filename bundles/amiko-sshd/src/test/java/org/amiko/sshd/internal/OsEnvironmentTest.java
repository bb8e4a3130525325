// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.amiko.sshd.internal.ApplianceFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.amiko.Channel;
import org.amiko.Transport;
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
            assertEquals(System.getProperty("user.home"), seen.remove("pwd"));
            InetSocketAddress from = client.getLocalName();
            InetSocketAddress to = client.getPeerName();
            assertEquals("127.0.0.1 " + from.getPort() + " " + to.getPort(), seen.get("SSH_CLIENT"));
            assertEquals("127.0.0.1 " + from.getPort() + " 127.0.0.1 " + to.getPort(), seen.get("SSH_CONNECTION"));
            assertEquals(user, seen.get("USER"));
            assertEquals(user, seen.get("LOGNAME"));
            assertEquals(System.getProperty("user.home"), seen.get("HOME"));
            assertEquals("/var/mail/" + user, seen.get("MAIL"));
            assertEquals("/bin/sh", seen.get("SHELL"));
            assertTrue(seen.get("PATH").startsWith("/usr/local/"), seen.get("PATH"));
            Set<String> expected = new TreeSet<>(Set.of("USER", "LOGNAME", "HOME", "PATH", "MAIL", "SHELL", "SSH_CLIENT",
                    "SSH_CONNECTION"));
            if (System.getenv("TZ") != null) {
                expected.add("TZ");
            }
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
}
