// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CanonicalizeHostname as ssh.c's resolve_canonicalize applies it, against a resolver that knows
 * a few names: each CanonicalDomains entry tried in turn, the name found then matching Host lines
 * of the final pass; names with too many dots, addresses and proxied names left alone (unless
 * {@code always}); an anchored name checked; the address family respected; and what readconf.c
 * refuses reported.
 */
class CanonicalizeConfigTest {
    private static final String CONFIG = """
            Host always-db
              CanonicalizeHostname always
              ProxyJump bastion
              HostName db
            Host proxied-db
              ProxyJump bastion
              HostName db
            Host strict
              CanonicalizeFallbackLocal no
            Host deep
              CanonicalizeMaxDots 0
              HostName db.x
            Host v4
              AddressFamily inet
              HostName v6
            Host *
              CanonicalizeHostname yes
              CanonicalDomains none.example corp.example.
            Host *.corp.example
              User corpuser
            """;

    /** The names this resolver knows, each anchored, as ssh asks for them. */
    private static final Map<String, String> NAMES = Map.of("db.corp.example.", "192.0.2.5", "db.x.corp.example.",
            "192.0.2.6", "v6.corp.example.", "2001:db8::6", "anchored.example.", "192.0.2.7");

    @TempDir
    Path directory;

    private final List<String> asked = new ArrayList<>();

    private SshConfig config(String text) throws Exception {
        SshConfig config = SshConfig.load(Files.writeString(directory.resolve("config"), text));
        config.resolver = name -> {
            asked.add(name);
            String address = NAMES.get(name);
            if (address == null) {
                throw new UnknownHostException(name);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
        return config;
    }

    @Test
    void aShortNameBecomesTheFirstDomainThatResolves() throws Exception {
        SshConfig config = config(CONFIG);
        HostConfig db = config.lookup("DB");
        assertEquals("db.corp.example", db.hostName());
        assertEquals("corpuser", db.user(), "the final pass matches the canonical name");
        assertEquals(List.of("db.none.example.", "db.corp.example."), asked,
                "in order, anchored (a domain's own final dot dropped, as readconf.c's valid_domain)");
        assertEquals("DB", db.host(), "the name asked for stays");
    }

    @Test
    void aNameNoDomainHasFallsBackToItselfUnlessToldNot() throws Exception {
        SshConfig config = config(CONFIG);
        assertEquals("nowhere", config.lookup("nowhere").hostName());
        assertNotEquals("corpuser", config.lookup("nowhere").user());
        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class, () -> config.lookup("strict"));
        assertTrue(strict.getMessage().startsWith("Could not resolve host \"strict\""), strict.getMessage());
    }

    @Test
    void whatSshLeavesAloneStaysAsItIs() throws Exception {
        SshConfig config = config(CONFIG);
        assertEquals("db", config.lookup("proxied-db").hostName(), "the jump host resolves it");
        assertEquals("db.corp.example", config.lookup("always-db").hostName(), "unless always");
        assertEquals("db.x.corp.example", config.lookup("db.x").hostName(), "one dot is within the default");
        assertEquals("db.x", config.lookup("deep").hostName(), "more dots than CanonicalizeMaxDots");
        asked.clear();
        assertEquals("192.0.2.99", config.lookup("192.0.2.99").hostName());
        assertEquals("fe80::1%eth0", config.lookup("fe80::1%eth0").hostName());
        assertEquals(List.of(), asked, "an address is never looked up");
        assertEquals("anchored.example", config.lookup("anchored.example.").hostName(), "checked, its dot dropped");
        assertEquals("v6", config.lookup("v4").hostName(), "an IPv6 address does not count under inet");
        assertEquals("v6.corp.example", config.lookup("v6").hostName());
    }

    @Test
    void canonicalizationIsOffByDefault() throws Exception {
        SshConfig config = config("CanonicalDomains corp.example\n");
        assertEquals("db", config.lookup("db").hostName());
        assertEquals(List.of(), asked);
    }

    /** The lines readconf.c refuses are reported and left out; ssh -G refuses the same lines. */
    @Test
    void malformedLinesAreReported() throws Exception {
        List<String> bad = List.of("CanonicalizeHostname sometimes", "CanonicalDomains none corp.example",
                "CanonicalDomains corp..example", "CanonicalDomains -corp.example", "CanonicalizeMaxDots many",
                "CanonicalizeFallbackLocal perhaps", "CanonicalizePermittedCNAMEs *.a.example",
                "CanonicalizeHostname yes always");
        for (String line : bad) {
            SshConfig config = config(line + "\n");
            assertEquals(1, config.problems().size(), line + ": " + config.problems());
            assertEquals("db", config.lookup("db").hostName(), line);
        }
        SshConfig cnames = config("CanonicalizePermittedCNAMEs *.a.example:*.b.example a:b:\n");
        assertEquals(1, cnames.problems().size(), "a:b: is a rule (readconf.c splits at the first colon)");
        assertTrue(cnames.problems().get(0).contains("CanonicalizePermittedCNAMEs not followed"),
                cnames.problems().toString());

        SshG.assumeInstalled();
        for (String line : bad) {
            Path file = Files.writeString(directory.resolve("bad"), line + "\n");
            assertEquals(255, SshG.exitStatus(file, "db"), line);
        }
    }
}
