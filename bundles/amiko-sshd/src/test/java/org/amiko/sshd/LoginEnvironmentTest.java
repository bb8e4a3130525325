// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amiko.sshd.LoginEnvironment.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshd's session environment ({@code do_setup_env}) and home directory ({@code do_child}), without a connection. */
class LoginEnvironmentTest {
    @TempDir
    Path directory;

    @Test
    void sshdsVariablesInItsOrder() throws Exception {
        Account alice = new Account("alice", Path.of("/home/alice"), false);
        Map<String, String> session = new LinkedHashMap<>();
        session.put("LANG", "C.UTF-8");
        session.put("PATH", "/opt/bin"); // a key's environment= or setEnv may replace sshd's defaults
        Map<String, String> variables = LoginEnvironment.of(alice, "/bin/bash", "xterm", session, "Europe/Paris",
                new InetSocketAddress(InetAddress.getByName("::1"), 50022), new InetSocketAddress(
                        InetAddress.getByName("::1"), 2222));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("USER", "alice");
        expected.put("LOGNAME", "alice");
        expected.put("HOME", "/home/alice");
        expected.put("PATH", "/opt/bin");
        expected.put("MAIL", "/var/mail/alice");
        expected.put("SHELL", "/bin/bash");
        expected.put("TZ", "Europe/Paris");
        expected.put("TERM", "xterm");
        expected.put("LANG", "C.UTF-8");
        // as sshd prints addresses: IPv6 in its short form
        expected.put("SSH_CLIENT", "::1 50022 2222");
        expected.put("SSH_CONNECTION", "::1 50022 ::1 2222");
        assertEquals(expected, variables);
    }

    @Test
    void rootGetsTheSuperusersPathAndNoConnectionNoConnectionVariables() {
        Map<String, String> variables = LoginEnvironment.of(new Account("root", Path.of("/root"), true), "/bin/sh", null,
                Map.of("SSH_CONNECTION", "forged"), null, null, null);
        assertEquals(LoginEnvironment.SUPERUSER_PATH, variables.get("PATH"));
        assertFalse(variables.containsKey("TERM"));
        assertFalse(variables.containsKey("TZ"));
        assertFalse(variables.containsKey("SSH_CLIENT"));
        assertEquals("forged", variables.get("SSH_CONNECTION")); // the caller's, when the connection has none
        assertEquals(LoginEnvironment.USER_PATH, LoginEnvironment.of(new Account("pat", Path.of("/home/pat"), false),
                "/bin/sh", null, Map.of(), null, null, null).get("PATH"));
    }

    /** The message sshd prints before running the command in {@code /}, with strerror's words. */
    @Test
    void aHomeThatCannotBeEnteredIsSaidAsSshdSaysIt() throws Exception {
        assertNull(LoginEnvironment.homeProblem(new Account("pat", directory, false)));
        Path missing = directory.resolve("gone");
        assertEquals("Could not chdir to home directory " + missing + ": No such file or directory",
                LoginEnvironment.homeProblem(new Account("pat", missing, false)));
        Path file = Files.writeString(directory.resolve("file"), "");
        assertEquals("Could not chdir to home directory " + file + ": Not a directory",
                LoginEnvironment.homeProblem(new Account("pat", file, false)));
    }

    @Test
    void theCurrentAccountIsTheJvms() {
        Account current = Account.current();
        assertEquals(System.getProperty("user.name"), current.name());
        assertEquals(Path.of(System.getProperty("user.home")), current.home());
        assertEquals("root".equals(System.getProperty("user.name")), current.superuser());
    }
}
