// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.amiko.AuthenticationException;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-time codes (TOTP, RFC 6238) from an authenticator app, and the appliance asking for them. */
class OneTimeCodesTest {
    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** RFC 6238 appendix B, SHA-1: the 8-digit values' last 6 digits, which 6-digit apps show. */
    @Test
    void codesAreRfc6238s() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        Map<Long, String> vectors = Map.of(59L, "287082", 1111111109L, "081804", 1111111111L, "050471",
                1234567890L, "005924", 2000000000L, "279037", 20000000000L, "353130");
        vectors.forEach((time, code) -> assertEquals(code, OneTimeCodes.code(secret, time / 30), "T=" + time));
    }

    /** RFC 4648 section 10, without padding as otpauth URIs carry secrets; read in either case and in groups. */
    @Test
    void base32IsRfc4648s() {
        Map<String, String> vectors = Map.of("", "", "f", "MY", "fo", "MZXQ", "foo", "MZXW6", "foob", "MZXW6YQ",
                "fooba", "MZXW6YTB", "foobar", "MZXW6YTBOI");
        vectors.forEach((text, encoded) -> {
            assertEquals(encoded, Base32.encode(text.getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), Base32.decode(encoded.toLowerCase() + "=="));
        });
        assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Base32.decode("MZXW 6YTB OI"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZ1W"));
    }

    /** A code is taken for its step and the ones either side, once, and never one older than the last. */
    @Test
    void eachCodeIsTakenOnceAndWithinAStepOfNow() throws Exception {
        Path file = directory.resolve("otp.properties");
        byte[] secret = OneTimeCodes.newSecret(file, "pat", new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        OneTimeCodes codes = new OneTimeCodes(file);
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        long step = now.getEpochSecond() / OneTimeCodes.STEP_SECONDS;
        assertFalse(codes.accept("pat", OneTimeCodes.code(secret, step - 2), now), "two steps old");
        assertFalse(codes.accept("pat", "12345", now), "not six digits");
        assertTrue(codes.accept("pat", OneTimeCodes.code(secret, step - 1), now), "a phone a little behind");
        assertTrue(codes.accept("pat", OneTimeCodes.code(secret, step), now));
        assertFalse(codes.accept("pat", OneTimeCodes.code(secret, step), now), "spent");
        assertFalse(codes.accept("pat", OneTimeCodes.code(secret, step - 1), now), "older than the last one taken");
        assertTrue(codes.accept("pat", OneTimeCodes.code(secret, step + 1), now), "a phone a little ahead");
        assertFalse(codes.accept("kim", OneTimeCodes.code(secret, step), now), "no secret, no code");
        byte[] renewed = OneTimeCodes.newSecret(file, "pat", new SecureRandom());
        assertFalse(codes.accept("pat", OneTimeCodes.code(secret, step + 2), now.plusSeconds(60)),
                "the old secret's code, once the file has a new one");
        assertTrue(codes.accept("pat", OneTimeCodes.code(renewed, step + 2), now.plusSeconds(60)));
    }

    /**
     * After five wrong codes in thirty seconds every code for that user is refused, the right one
     * too, until the oldest wrong one is thirty seconds old; other users are not held back.
     */
    @Test
    void wrongCodesInARowHoldTheUserBack() throws Exception {
        Path file = directory.resolve("otp.properties");
        byte[] secret = OneTimeCodes.newSecret(file, "pat", new SecureRandom());
        byte[] other = OneTimeCodes.newSecret(file, "kim", new SecureRandom());
        OneTimeCodes codes = new OneTimeCodes(file);
        Instant start = Instant.ofEpochSecond(1_800_000_000L);
        String right = OneTimeCodes.code(secret, start.getEpochSecond() / OneTimeCodes.STEP_SECONDS);
        String wrong = wrong(secret, start);
        for (int i = 0; i < OneTimeCodes.MAX_FAILURES; i++) {
            assertFalse(codes.accept("pat", wrong, start.plusSeconds(i)));
        }
        Instant held = start.plusSeconds(OneTimeCodes.MAX_FAILURES);
        assertFalse(codes.accept("pat", right, held), "the right code, while held back");
        assertTrue(codes.accept("kim", OneTimeCodes.code(other, held.getEpochSecond() / OneTimeCodes.STEP_SECONDS),
                held), "another user is not held back");
        Instant later = start.plusSeconds(OneTimeCodes.STEP_SECONDS + 1);
        assertTrue(codes.accept("pat", OneTimeCodes.code(secret, later.getEpochSecond() / OneTimeCodes.STEP_SECONDS),
                later), "once the oldest wrong code is thirty seconds old");
    }

    /** An empty or short secret (RFC 4226 wants 128 bits) gives no codes rather than an error. */
    @Test
    void aShortSecretGivesNoCodes() throws Exception {
        Path file = Files.writeString(directory.resolve("otp.properties"), "pat =\nkim = MZXW6YTBOI\n");
        OneTimeCodes codes = new OneTimeCodes(file);
        Instant now = Instant.now();
        assertFalse(codes.accept("pat", "000000", now));
        assertFalse(codes.accept("kim", OneTimeCodes.code(Base32.decode("MZXW6YTBOI"), now.getEpochSecond() / 30), now));
    }

    /** A code alone, or first, is refused as a configuration: six digits are guessable. */
    @Test
    void codesAreASecondFactorOnly() {
        for (String lists : List.of("any", "keyboard-interactive", "publickey,keyboard-interactive keyboard-interactive")) {
            assertThrows(IllegalArgumentException.class,
                    () -> AuthenticationMethods.requireCodeAsSecondFactor(AuthenticationMethods.parse(lists)), lists);
        }
        AuthenticationMethods.requireCodeAsSecondFactor(AuthenticationMethods.parse("publickey,keyboard-interactive password"));
    }

    /**
     * authenticationMethods = publickey,keyboard-interactive: the key, then the code an app shows,
     * asked as sshd's PAM modules ask ("Verification code: "); a wrong code is refused.
     */
    @Test
    void theApplianceAsksForTheCodeAfterTheKey() throws Exception {
        KeyPair user = ApplianceFixture.generate();
        Path file = directory.resolve("otp.properties");
        byte[] secret = OneTimeCodes.newSecret(file, "pat", new SecureRandom());
        appliance.codes = new OneTimeCodes(file);
        appliance.requiredMethods = AuthenticationMethods.parse("publickey,keyboard-interactive");
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "someone", "secret", new SecureRandom());
        try (Transport client = appliance.serve(AuthorizedKeys.parse(PublicKeyLine.of(user.getPublic(), "t").format()
                + "\n"), PasswordFile.load(users), appliance.os, ForwardingSettings.OFF)) {
            assertEquals(List.of("keyboard-interactive"), client.authPublickey("pat", user));
            assertThrows(AuthenticationException.class, () -> client.authInteractive("pat",
                    (name, instruction, prompts) -> List.of(wrong(secret, Instant.now()))));
            assertEquals(List.of(), client.authInteractive("pat", (name, instruction, prompts) -> {
                assertEquals("Verification code: ", prompts.get(0).text());
                assertFalse(prompts.get(0).echo());
                return List.of(current(secret));
            }));
            assertTrue(client.isAuthenticated());
        }
    }

    /** A code that no step around {@code at} takes: 000000 is one of them about three times in a million. */
    private static String wrong(byte[] secret, Instant at) {
        long step = at.getEpochSecond() / OneTimeCodes.STEP_SECONDS;
        for (String candidate : List.of("000000", "111111", "222222", "333333")) {
            boolean taken = false;
            for (long near = step - 1; near <= step + 1; near++) {
                taken |= candidate.equals(OneTimeCodes.code(secret, near));
            }
            if (!taken) {
                return candidate;
            }
        }
        throw new AssertionError("four codes taken by three steps");
    }

    private static String current(byte[] secret) {
        return OneTimeCodes.code(secret, Instant.now().getEpochSecond() / OneTimeCodes.STEP_SECONDS);
    }
}
