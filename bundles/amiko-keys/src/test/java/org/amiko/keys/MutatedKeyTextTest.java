// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a user or a server may hand the key code, changed at random: authorized_keys lines with
 * options (a per-user file may be the user's to write), known_hosts lines (which ssh writes from
 * what servers send), and certificate blobs (which clients and servers send). Seeded, so a failure
 * can be replayed. Each is read, refused with its own exception, or listed as a problem, never
 * failed on with an exception its reading did not expect: the same lines are then used as a login
 * or a host key check would use them.
 */
class MutatedKeyTextTest {
    private static final int ROUNDS = Integer.getInteger("hostile.seeds", 10) * 100;
    private static final String[] OPTIONS = {"restrict", "cert-authority", "no-pty", "pty", "no-port-forwarding",
        "command=\"echo hi\"", "environment=\"LANG=C\"", "from=\"10.0.0.0/8,!10.1.2.3,*.example.com\"",
        "permitopen=\"localhost:22\"", "permitopen=\"[::1]:*\"", "permitlisten=\"2222\"",
        "expiry-time=\"20300101\"", "expiry-time=\"203001011230Z\"", "principals=\"alice,bob\"", "no-touch-required",
        "verify-required", "tunnel=\"0\"", "no-agent-forwarding", "no-X11-forwarding", "no-user-rc"};
    private static final String[] HOSTS = {"host.example.com", "host.example.com,192.0.2.7", "[host]:2222",
        "*.example.com,!bad.example.com", "|1|2vqfPmf1vnKqDn/1gFGXAjEjTjw=|N3KMRiOFtTljYXbyoUO6tONi5OA=",
        "@cert-authority *.example.com", "@revoked *", "[2001:db8::1]:22", "h?st"};
    private static final String[] JUNK = {"\"", ",", "=", " ", "\t", "\\", "\0", "*", "!", ":", "[", "]", "|", "@",
        "99999999999999999999", "-1", "/", "%", "\u202e"};

    @Test
    void authorizedKeysLinesAreReadOrListedAsProblems() throws Exception {
        List<KeyPair> keys = List.of(Fixtures.generated("ssh-ed25519"), Fixtures.generated("ecdsa-sha2-nistp256"));
        Random random = new Random(1);
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder line = new StringBuilder();
            for (int n = random.nextInt(4); n > 0; n--) {
                line.append(OPTIONS[random.nextInt(OPTIONS.length)]).append(n > 1 ? "," : " ");
            }
            line.append(PublicKeyLine.of(keys.get(random.nextInt(keys.size())).getPublic(), "comment").format());
            String text = mutate(random, line.toString());
            try {
                AuthorizedKeys parsed = AuthorizedKeys.parse(text + "\n");
                for (AuthorizedKey entry : parsed.entries()) {
                    entry.isCertAuthority();
                    try {
                        KeyRestrictions.of(entry.options(), ZoneId.of("UTC"));
                    } catch (ParseException refused) {
                        // an option a login would refuse the key for
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + ": " + printable(text), e);
            }
        }
    }

    @Test
    void knownHostsLinesAreReadOrListedAsProblems() throws Exception {
        PublicKey key = Fixtures.generated("ssh-ed25519").getPublic();
        Random random = new Random(2);
        for (int round = 0; round < ROUNDS; round++) {
            String line = HOSTS[random.nextInt(HOSTS.length)] + " " + PublicKeyLine.of(key, "").format();
            String text = mutate(random, line);
            try {
                KnownHosts hosts = KnownHosts.parse(text + "\n");
                hosts.problems();
                hosts.match("host.example.com", 22, key);
                hosts.match("host", 2222, key);
                hosts.hasAuthorityFor("a.example.com", 22);
                hosts.keysFor("192.0.2.7", 22);
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + ": " + printable(text), e);
            }
        }
    }

    @Test
    void certificateBlobsAreReadOrRefused() throws Exception {
        TestAuthority authority = new TestAuthority();
        byte[] good = authority.issue(CertificateBuilder.of(OpenSshCertificate.Kind.USER,
                Fixtures.generated("ssh-ed25519").getPublic()).principals(List.of("alice"))
                .criticalOption("force-command", "true").validity(Instant.EPOCH, Instant.MAX))
                .getEncoded();
        Random random = new Random(3);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] blob = good.clone();
            switch (random.nextInt(3)) {
                case 0 -> blob[random.nextInt(blob.length)] = (byte) random.nextInt(256);
                case 1 -> blob = Arrays.copyOf(blob, random.nextInt(blob.length));
                default -> {
                    int at = random.nextInt(blob.length - 4);
                    int value = new int[] {0, -1, Integer.MAX_VALUE, 0x10000, 1 << 30}[random.nextInt(5)];
                    for (int k = 0; k < 4; k++) {
                        blob[at + k] = (byte) (value >>> (24 - 8 * k));
                    }
                }
            }
            try {
                OpenSshCertificate certificate = OpenSshCertificate.decode(blob);
                certificate.principals();
                certificate.criticalOptions();
                certificate.extensions();
            } catch (GeneralSecurityException refused) {
                // what a peer's malformed certificate gets
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round, e);
            }
        }
    }

    /** The line with one to three changes: a character replaced, junk put in, or the end cut off. */
    private static String mutate(Random random, String line) {
        StringBuilder text = new StringBuilder(line);
        for (int n = 1 + random.nextInt(3); n > 0 && text.length() > 0; n--) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 1 -> text.insert(at, JUNK[random.nextInt(JUNK.length)]);
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }

    private static String printable(String text) {
        return text.replace("\0", "\\0");
    }
}
