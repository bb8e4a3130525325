// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * {@code bin/amiko passwd USER}: sets a password in {@code etc/users.properties} without starting
 * the server. Reads the password from the console (twice) or, without one, a line of stdin.
 */
public final class PasswordTool {
    private PasswordTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: amiko passwd USER");
            System.exit(2);
        }
        Path home = Path.of(System.getProperty("amiko.home", "."));
        Path file = home.resolve("etc/users.properties");
        String password;
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("New password for %s: ", args[0]);
            char[] second = console.readPassword("Again: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    System.err.println("passwords differ; nothing changed");
                    System.exit(1);
                }
                // PasswordFile takes a String, which cannot be wiped; the arrays at least can
                password = new String(first);
            } finally {
                wipe(first);
                wipe(second);
            }
        } else {
            password = new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
        if (password == null || password.isEmpty()) {
            System.err.println("empty password; nothing changed");
            System.exit(1);
        }
        PasswordFile.setPassword(file, args[0], password, new SecureRandom());
        System.out.println("password set for " + args[0] + " in " + file);
    }

    private static void wipe(char[] characters) {
        if (characters != null) {
            Arrays.fill(characters, '\0');
        }
    }
}
