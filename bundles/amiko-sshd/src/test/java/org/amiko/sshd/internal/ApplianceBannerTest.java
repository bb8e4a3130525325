// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's banner (sshd's Banner): the file's text before authentication, edits from the next login. */
class ApplianceBannerTest {
    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    private String bannerSeen(KeyPair user) throws Exception {
        try (Transport client = appliance.connect()) {
            client.authPublickey("anyone", user);
            return client.getBanner();
        }
    }

    @Test
    void theFileIsShownBeforeLoginAndReadAgainWhenItChanges() throws Exception {
        Path file = directory.resolve("banner.txt");
        Files.writeString(file, "Authorised use only.\n", StandardCharsets.UTF_8);
        appliance.banner = new ReloadingFile<>(file, Banner::read)::current;
        KeyPair user = ApplianceFixture.generate();
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        appliance.serve(AuthorizedKeys.parse(PublicKeyLine.of(user.getPublic(), "t").format() + "\n"),
                PasswordFile.load(users), appliance.os, ForwardingSettings.OFF).close();
        assertEquals("Authorised use only.\n", bannerSeen(user));

        Files.writeString(file, "Maintenance at noon, back by one.\n", StandardCharsets.UTF_8);
        assertEquals("Maintenance at noon, back by one.\n", bannerSeen(user));
        Files.write(file, new byte[Banner.MAX_BYTES + 10]);
        assertEquals(Banner.MAX_BYTES, bannerSeen(user).length(), "cut at the limit");
        Files.delete(file);
        assertNull(bannerSeen(user), "no file, no banner");
    }
}
