// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.sshd.OsCommand;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password logins, and keys no file lists, checked by a JAAS realm ({@code jaasRealm},
 * {@code jaasRole}), as Karaf's sshRealm and sshRole.
 */
class JaasLoginTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50022);
    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** Runs a command on {@code client}'s server with a {@link #recording} runner: whom it ran for. */
    private static ShellLogin runFor(Transport client, BlockingQueue<ShellLogin> logins) throws Exception {
        Channel channel = client.openSession();
        channel.exec("feature:list");
        assertEquals(0, channel.recvExitStatus());
        ShellLogin login = logins.poll(10, TimeUnit.SECONDS);
        assertNotNull(login);
        return login;
    }

    /** A runner that keeps whom each command runs for in {@code logins}, and exits 0. */
    private static CommandRunner recording(BlockingQueue<ShellLogin> logins) {
        return (channel, command, pty, control, environment, login) -> {
            logins.add(login);
            OsCommand.finish(channel, 0, null, null);
        };
    }

    @Test
    void theRealmDecidesAndItsRoleIsRequired() {
        JaasLogin realm = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        TestRealm.lastClient = null;
        Subject subject = realm.login("karaf", "karaf", CLIENT).orElseThrow();
        assertEquals(List.of("admin", "ssh"), JaasLogin.roles(subject).stream().sorted().toList(),
                "the role principals, not the user's");
        assertEquals("ssh(/127.0.0.1:50022)", TestRealm.lastClient,
                "the realm's modules see where the client is, as Karaf's audit modules look for it");
        assertEquals(Set.of(KarafSubject.client(CLIENT)), subject.getPrincipals(ClientPrincipal.class));
        assertTrue(realm.login("karaf", "wrong", CLIENT).isEmpty());
        assertTrue(realm.login("nobody", "karaf", CLIENT).isEmpty());
        assertTrue(realm.login("watcher", "watch", CLIENT).isEmpty(), "no ssh role");
        JaasLogin anyRole = new JaasLogin("test", "", TestRealm.CONFIGURATION);
        assertTrue(anyRole.login("watcher", "watch", CLIENT).isPresent());
        assertTrue(anyRole.login("guest", "guest", CLIENT).isEmpty(), "no role at all, as Karaf's server refuses");
        assertTrue(new JaasLogin("no-such-realm", "", TestRealm.CONFIGURATION).login("karaf", "karaf", CLIENT)
                .isEmpty());
        // a realm whose modules ask for no password or key lets nobody in by either
        JaasLogin lax = new JaasLogin("lax", "ssh", TestRealm.CONFIGURATION);
        assertTrue(lax.login("anyone", "anything", CLIENT).isEmpty());
        assertTrue(lax.login("anyone", ApplianceFixture.generate().getPublic(), CLIENT).isEmpty());
    }

    /**
     * Outside Karaf, a JDK login module (here the offline KeyStoreLoginModule: alias and
     * passwords of a PKCS12 file) serves though the bundle's loader cannot see it, as a Felix
     * bundle's, whose parent is the boot loader, cannot; its prompts' banner and OK are left as
     * they are.
     */
    @Test
    void aJdkModuleLoadsWhereTheBundleCannotSeeIt() throws Exception {
        Path store = directory.resolve("users.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pat", "-keyalg", "EC", "-dname", "CN=pat", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        Configuration keystore = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.KeyStoreLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("keyStoreURL", store.toUri().toString(), "keyStoreType", "PKCS12"))};
            }
        };
        // a loader whose parent is the boot loader, which sees nothing by itself
        ClassLoader blind = new ClassLoader(null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                throw new ClassNotFoundException(name);
            }
        };
        JaasLogin realm = new JaasLogin("keystore", "", keystore, blind);
        assertTrue(realm.login("pat", "secret", CLIENT).isPresent());
        assertTrue(realm.login("pat", "wrong", CLIENT).isEmpty());
    }

    /**
     * Over SSH: password is offered though the users file holds nobody, the realm's answer counts
     * and not the file's, and the shell runs for the subject the realm logged in.
     */
    @Test
    void aPasswordLoginRunsAsTheRealmsSubject() throws Exception {
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        BlockingQueue<ShellLogin> logins = new ArrayBlockingQueue<>(1);
        CommandRunner runner = recording(logins);
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), runner,
                ForwardingSettings.OFF)) {
            assertTrue(assertThrows(AuthenticationException.class, () -> client.authNone("karaf")).getAllowedMethods()
                    .contains("password"));
            assertThrows(AuthenticationException.class, () -> client.authPassword("watcher", "watch"));
            assertThrows(AuthenticationException.class, () -> client.authPassword("karaf", "wrong"));
            assertEquals(List.of(), client.authPassword("karaf", "karaf"));
            ShellLogin login = runFor(client, logins);
            assertEquals("karaf", login.user());
            assertEquals(List.of("admin", "ssh"), JaasLogin.roles(login.jaas()).stream().sorted().toList());
            assertEquals(Set.of(KarafSubject.client(login.client())),
                    login.jaas().getPrincipals(ClientPrincipal.class));
            assertTrue(login.client().getAddress().isLoopbackAddress() && login.client().getPort() > 0);
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
        CommandRunner runner = recording(logins);
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), runner, ForwardingSettings.OFF)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("keyed", ApplianceFixture.generate()));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("karaf", keyed));
            int asked = TestRealm.KEY_LOGINS.get();
            assertEquals(List.of(), client.authPublickey("keyed", keyed));
            // the query and the signed request: the realm is asked once
            assertEquals(asked + 1, TestRealm.KEY_LOGINS.get());
            ShellLogin login = runFor(client, logins);
            assertEquals(List.of("ssh", "viewer"), JaasLogin.roles(login.jaas()).stream().sorted().toList());
        } finally {
            TestRealm.keyedKey = null;
        }
    }

    /** With authorizedKeys none no key logs in, the realm's neither (as a match block may say, to force passwords). */
    @Test
    void authorizedKeysNoneRefusesTheRealmsKeysToo() throws Exception {
        KeyPair keyed = ApplianceFixture.generate();
        TestRealm.keyedKey = keyed.getPublic();
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        appliance.login = LoginSettings.defaults().with(Map.of("authorizedKeys", "none"));
        try (Transport client = appliance.serve(AuthorizedKeys.parse(""),
                PasswordFile.load(directory.resolve("users.properties")), appliance.os, ForwardingSettings.OFF)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("keyed", keyed));
        } finally {
            TestRealm.keyedKey = null;
        }
    }

    /**
     * A realm key's subject does not outlive a change of name: keyed's realm key completes a
     * first step, the client names another user and comes back, and finishes with two keys of the
     * file; the session then runs with karafRoles, not as the realm's subject.
     */
    @Test
    void aChangeOfNameDropsTheRealmsSubject() throws Exception {
        KeyPair keyed = ApplianceFixture.generate();
        KeyPair first = ApplianceFixture.generate();
        KeyPair second = ApplianceFixture.generate();
        TestRealm.keyedKey = keyed.getPublic();
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        appliance.requiredMethods = List.of(List.of("publickey", "publickey"));
        BlockingQueue<ShellLogin> logins = new ArrayBlockingQueue<>(1);
        CommandRunner runner = recording(logins);
        AuthorizedKeys file = AuthorizedKeys.parse(PublicKeyLine.of(first.getPublic(), "first").format() + "\n"
                + PublicKeyLine.of(second.getPublic(), "second").format() + "\n");
        try (Transport client = appliance.serve(file, PasswordFile.load(directory.resolve("users.properties")), runner,
                ForwardingSettings.OFF)) {
            assertEquals(List.of("publickey"), client.authPublickey("keyed", keyed));
            assertEquals(List.of("publickey"), client.authPublickey("other", first));
            assertEquals(List.of("publickey"), client.authPublickey("keyed", first));
            assertEquals(List.of(), client.authPublickey("keyed", second));
            ShellLogin login = runFor(client, logins);
            assertEquals(null, login.jaas());
        } finally {
            TestRealm.keyedKey = null;
        }
    }

    /**
     * A password the required methods do not allow is not put to the realm, and brings no subject:
     * the key that then logs the user in runs with karafRoles.
     */
    @Test
    void aPasswordTheMethodsDoNotAllowIsNotPutToTheRealm() throws Exception {
        KeyPair key = ApplianceFixture.generate();
        appliance.jaas = new JaasLogin("test", "ssh", TestRealm.CONFIGURATION);
        appliance.requiredMethods = List.of(List.of("publickey"));
        BlockingQueue<ShellLogin> logins = new ArrayBlockingQueue<>(1);
        CommandRunner runner = recording(logins);
        try (Transport client = appliance.serve(AuthorizedKeys.parse(PublicKeyLine.of(key.getPublic(), "k").format()
                + "\n"), PasswordFile.load(directory.resolve("users.properties")), runner, ForwardingSettings.OFF)) {
            int asked = TestRealm.PASSWORD_LOGINS.get();
            assertThrows(AuthenticationException.class, () -> client.authPassword("karaf", "karaf"));
            assertEquals(asked, TestRealm.PASSWORD_LOGINS.get());
            assertEquals(List.of(), client.authPublickey("karaf", key));
            ShellLogin login = runFor(client, logins);
            assertEquals(null, login.jaas());
            // Karaf's console then runs as a subject of karafRoles, which names the client too
            Subject subject = KarafSubject.of(login);
            assertEquals(Set.of(new ClientPrincipal("ssh", login.client().toString())),
                    subject.getPrincipals(ClientPrincipal.class));
            assertEquals(login.karafRoles().stream().sorted().toList(),
                    JaasLogin.roles(subject).stream().sorted().toList());
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
