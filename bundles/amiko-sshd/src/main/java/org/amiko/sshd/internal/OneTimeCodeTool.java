// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * {@code bin/amiko otp USER}: gives USER a new one-time code secret in {@code etc/otp.properties}
 * without starting the server, and prints it, with the {@code otpauth://} URI that authenticator
 * apps read (typed in, or made into a QR code). A new secret replaces the old one.
 */
public final class OneTimeCodeTool {
    private OneTimeCodeTool() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: amiko otp USER");
            System.exit(2);
        }
        String user = args[0];
        Path home = Path.of(System.getProperty("amiko.home", "."));
        Path file = home.resolve("etc/otp.properties");
        String secret = Base32.encode(OneTimeCodes.newSecret(file, user, new SecureRandom()));
        String label = URLEncoder.encode("Amiko:" + user, StandardCharsets.UTF_8).replace("+", "%20");
        System.out.println("one-time code secret for " + user + " in " + file + ": " + secret);
        System.out.println("otpauth://totp/" + label + "?secret=" + secret + "&issuer=Amiko&algorithm=SHA1&digits="
                + OneTimeCodes.DIGITS + "&period=" + OneTimeCodes.STEP_SECONDS);
        System.out.println("set oneTimePasswords = etc/otp.properties in etc/org.amiko.sshd.cfg, and ask for it with "
                + "authenticationMethods = publickey,keyboard-interactive");
    }
}
