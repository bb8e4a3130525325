// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's authenticationMethods (sshd's AuthenticationMethods): the setting, and a two-step login. */
class ApplianceAuthenticationMethodsTest {
    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void theSettingReadsAsSshdReadsAuthenticationMethods() {
        assertEquals(List.of(), AuthenticationMethods.parse("any"));
        assertEquals(List.of(), AuthenticationMethods.parse(" "));
        assertEquals(List.of(List.of("publickey", "password"), List.of("publickey", "gssapi-with-mic")),
                AuthenticationMethods.parse(" publickey,password  publickey,gssapi-with-mic "));
        for (String bad : List.of("publickey,,password", "publickey,none", "rhosts", "any,password")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AuthenticationMethods.parse(bad), bad);
            assertTrue(refused.getMessage().startsWith("authenticationMethods: "), refused.getMessage());
        }
    }

    /**
     * A server requiring {@code methods}, with {@code user}'s key on a {@code command="echo forced"}
     * line and a password "secret" for {@code passwordUser}; a client not yet authenticated.
     */
    private Transport serveForcedKey(KeyPair user, String passwordUser, String methods) throws Exception {
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, passwordUser, "secret", new SecureRandom());
        appliance.requiredMethods = AuthenticationMethods.parse(methods);
        String line = "command=\"echo forced\" " + PublicKeyLine.of(user.getPublic(), "test").format() + "\n";
        return appliance.serve(AuthorizedKeys.parse(line), PasswordFile.load(users), appliance.os, ForwardingSettings.OFF);
    }

    /**
     * publickey,password: the key is a partial success, the password completes the login, and the
     * key's command= still applies to what runs after the password step.
     */
    @Test
    void aKeyThenThePasswordLetsTheUserInWithTheKeysOptions() throws Exception {
        KeyPair user = ApplianceFixture.generate();
        try (Transport client = serveForcedKey(user, "pat", "publickey,password")) {
            AuthenticationException passwordFirst = assertThrows(AuthenticationException.class,
                    () -> client.authPassword("pat", "secret"));
            assertEquals(List.of("publickey"), passwordFirst.getAllowedMethods());
            assertEquals(List.of("password"), client.authPublickey("pat", user), "partial success");
            assertEquals(List.of(), client.authPassword("pat", "secret"));
            Channel channel = client.openSession();
            channel.exec("echo chosen");
            assertEquals("forced\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A key's options belong to the user it logged in: a client that completes a key step as pat
     * and then logs in as sam by password alone (RFC 4252 lets it name another user) gets none of
     * the key's command=.
     */
    @Test
    void aKeysOptionsStayWithItsUser() throws Exception {
        KeyPair user = ApplianceFixture.generate();
        try (Transport client = serveForcedKey(user, "sam", "publickey,password password")) {
            assertEquals(List.of("password"), client.authPublickey("pat", user), "partial success");
            assertEquals(List.of(), client.authPassword("sam", "secret"));
            Channel channel = client.openSession();
            channel.exec("echo chosen");
            assertEquals("chosen\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A key only queried (answered PK_OK, never signed) brings nothing: after key A, restricted to
     * a forced command, the client queries an unrestricted key C from the same file, then gives the
     * password; A's command= still holds. And a second publickey step with a key whose line
     * differs from the first's is refused.
     */
    @Test
    void onlyTheKeyThatSignedBringsItsOptions() throws Exception {
        KeyPair restricted = ApplianceFixture.generate();
        KeyPair open = ApplianceFixture.generate();
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        appliance.requiredMethods = AuthenticationMethods.parse("publickey,password publickey,publickey");
        String lines = "command=\"echo forced\" " + PublicKeyLine.of(restricted.getPublic(), "a").format() + "\n"
                + PublicKeyLine.of(open.getPublic(), "c").format() + "\n";
        try (Transport client = appliance.serve(AuthorizedKeys.parse(lines), PasswordFile.load(users), appliance.os,
                ForwardingSettings.OFF)) {
            assertEquals(List.of("password", "publickey"), client.authPublickey("pat", restricted));
            // the query goes out, the server answers PK_OK, and the signer declines: no signature
            assertThrows(IOException.class, () -> client.authPublickey("pat", open.getPublic(), (key, algorithm, data) -> {
                throw new IOException("declined");
            }));
            AuthenticationException other = assertThrows(AuthenticationException.class,
                    () -> client.authPublickey("pat", open));
            assertEquals(List.of("password", "publickey"), other.getAllowedMethods(), "its options differ from A's");
            assertEquals(List.of(), client.authPassword("pat", "secret"));
            Channel channel = client.openSession();
            channel.exec("echo chosen");
            assertEquals("forced\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
