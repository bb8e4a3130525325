// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AuthenticationException;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * allowUsers and denyUsers, as sshd's AllowUsers and DenyUsers: who may log in at all, whatever
 * the credential, with the refusal in the auth log in sshd's words.
 */
class ApplianceUserAccessTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void onlyTheUsersAllowedAndNotDeniedLogIn() throws Exception {
        try (LogRecorder auth = LogRecorder.start("org.amiko.auth")) {
            onlyTheUsersAllowedAndNotDeniedLogIn(auth);
        }
    }

    private void onlyTheUsersAllowedAndNotDeniedLogIn(LogRecorder auth) throws Exception {
        KeyPair key = ApplianceFixture.generate();
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        PasswordFile.setPassword(users, "ops", "secret", new SecureRandom());
        appliance.access = UserAccess.parse("pat admin@127.0.0.0/8 ops@10.0.0.0/8 mall*", "mallory");
        appliance.serve(AuthorizedKeys.parse(PublicKeyLine.of(key.getPublic(), "k").format() + "\n"),
                PasswordFile.load(users), appliance.os, ForwardingSettings.OFF).close();

        try (Transport client = appliance.connect()) {
            assertEquals(List.of(), client.authPassword("pat", "secret"), "listed");
        }
        try (Transport client = appliance.connect()) {
            assertEquals(List.of(), client.authPublickey("admin", key), "listed for loopback clients");
        }
        try (Transport client = appliance.connect()) {
            assertThrows(AuthenticationException.class, () -> client.authPassword("ops", "secret"));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("ops", key));
            assertEquals(List.of("User ops from 127.0.0.1 not allowed because not listed in AllowUsers"),
                    refusals(auth), "said once per user and connection");
            assertEquals(List.of(), client.authPublickey("admin", key), "another user may follow on the connection");
        }
        try (Transport client = appliance.connect()) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("mallory", key));
            assertEquals(List.of("User ops from 127.0.0.1 not allowed because not listed in AllowUsers",
                    "User mallory from 127.0.0.1 not allowed because listed in DenyUsers"), refusals(auth));
        }
    }

    /** The refusals logged so far. */
    private static List<String> refusals(LogRecorder auth) {
        return auth.messages(java.util.logging.Level.INFO).stream().filter(line -> line.contains("not allowed")).toList();
    }

    @Test
    void thePatternsAreReadAsSshdReadsThem() throws Exception {
        UserAccess access = UserAccess.parse("  alice\tb?b@192.168.1.*,!192.168.1.9  ", "");
        assertEquals(List.of("alice", "b?b@192.168.1.*,!192.168.1.9"), access.allow());
        assertNull(access.refusal("bob", InetAddress.getByName("192.168.1.7")));
        assertTrue(access.refusal("bob", InetAddress.getByName("192.168.1.9")).endsWith("not listed in AllowUsers"),
                "a negated address refuses");
        assertTrue(access.refusal("bob", InetAddress.getByName("10.0.0.1")) != null);
        assertNull(UserAccess.parse("", "").refusal("anyone", InetAddress.getByName("10.0.0.1")));
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> UserAccess.parse("ops@10.0.0.1/8", ""));
        assertEquals("allowUsers: ops@10.0.0.1/8: 10.0.0.1/8 is neither a host pattern nor an address or network",
                malformed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserAccess.parse("", "ops@"));
        assertNull(UserAccess.parse("ops@corp@10.0.0.0/8", "").refusal("ops@corp", InetAddress.getByName("10.1.2.3")),
                "split at the last @, as match_user");
        assertThrows(IllegalArgumentException.class, () -> UserAccess.parse("ops@a,,b", ""));
    }
}
