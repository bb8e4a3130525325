// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.sshd.OsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password logins, and keys no file lists, checked by a JAAS realm ({@code jaasRealm},
 * {@code jaasRole}), as Karaf's sshRealm and sshRole.
 */
class JaasLoginTest {
    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void theRealmDecidesAndItsRoleIsRequired() {
        JaasLogin realm = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        Subject subject = realm.login("karaf", "karaf").orElseThrow();
        assertEquals(List.of("admin", "ssh"), JaasLogin.roles(subject).stream().sorted().toList(),
                "the role principals, not the user's");
        assertTrue(realm.login("karaf", "wrong").isEmpty());
        assertTrue(realm.login("nobody", "karaf").isEmpty());
        assertTrue(realm.login("watcher", "watch").isEmpty(), "no ssh role");
        assertTrue(new JaasLogin("test", "", TestRealm.CONFIGURATION).login("watcher", "watch").isPresent());
        assertTrue(new JaasLogin("no-such-realm", "", TestRealm.CONFIGURATION).login("karaf", "karaf").isEmpty());
    }

    /**
     * Over SSH: password is offered though the users file holds nobody, the realm's answer counts
     * and not the file's, and the shell runs for the subject the realm logged in.
     */
    @Test
    void aPasswordLoginRunsAsTheRealmsSubject() throws Exception {
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        BlockingQueue<ShellLogin> logins = new ArrayBlockingQueue<>(1);
        CommandRunner runner = (channel, command, pty, control, environment, login) -> {
            logins.add(login);
            OsCommand.finish(channel, 0, null, null);
        };
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), runner,
                ForwardingSettings.OFF)) {
            assertTrue(assertThrows(AuthenticationException.class, () -> client.authNone("karaf")).getAllowedMethods()
                    .contains("password"));
            assertThrows(AuthenticationException.class, () -> client.authPassword("watcher", "watch"));
            assertThrows(AuthenticationException.class, () -> client.authPassword("karaf", "wrong"));
            assertEquals(List.of(), client.authPassword("karaf", "karaf"));
            Channel channel = client.openSession();
            channel.exec("bundle:list");
            assertEquals(0, channel.recvExitStatus());
            ShellLogin login = logins.poll(10, TimeUnit.SECONDS);
            assertNotNull(login);
            assertEquals("karaf", login.user());
            assertEquals(List.of("admin", "ssh"), JaasLogin.roles(login.jaas()).stream().sorted().toList());
        }
    }

    /**
     * A key no authorized_keys file lists logs in when the realm holds it for the user, as
     * Karaf's server asks its realm (etc/keys.properties), and runs as the realm's subject; the
     * realm refuses other keys.
     */
    @Test
    void aKeyTheRealmHoldsLogsInAsItsSubject() throws Exception {
        KeyPair keyed = ApplianceFixture.generate();
        TestRealm.keyedKey = keyed.getPublic();
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        BlockingQueue<ShellLogin> logins = new ArrayBlockingQueue<>(1);
        CommandRunner runner = (channel, command, pty, control, environment, login) -> {
            logins.add(login);
            OsCommand.finish(channel, 0, null, null);
        };
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), runner, ForwardingSettings.OFF)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("keyed", ApplianceFixture.generate()));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("karaf", keyed));
            assertEquals(List.of(), client.authPublickey("keyed", keyed));
            Channel channel = client.openSession();
            channel.exec("feature:list");
            assertEquals(0, channel.recvExitStatus());
            ShellLogin login = logins.poll(10, TimeUnit.SECONDS);
            assertNotNull(login);
            assertEquals(List.of("ssh", "viewer"), JaasLogin.roles(login.jaas()).stream().sorted().toList());
        } finally {
            TestRealm.keyedKey = null;
        }
    }

    /** denyUsers holds for a password the realm accepts, as for one from the users file. */
    @Test
    void aDeniedUserIsRefusedWhateverTheRealmSays() throws Exception {
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        appliance.access = UserAccess.parse("", "karaf");
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), appliance.os, ForwardingSettings.OFF)) {
            assertThrows(AuthenticationException.class, () -> client.authPassword("karaf", "karaf"));
        }
    }
}
