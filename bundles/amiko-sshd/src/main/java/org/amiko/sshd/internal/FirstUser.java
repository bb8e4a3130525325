// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * First start with no password user: creates {@code admin} with a random password and prints it
 * once, so a newcomer can log in before setting up keys.
 */
final class FirstUser {
    private FirstUser() {}

    static void createIfNone(Path users) throws IOException {
        if (!PasswordFile.load(users).isEmpty()) {
            return;
        }
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[15];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        PasswordFile.setPassword(users, "admin", password, random);
        // printed, not logged: it must not end up in log files
        System.out.println("Created user 'admin' with password " + password + " (shown once; change it with "
                + "bin/amiko passwd admin)");
    }
}
