// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** authorized_keys options decided as sshd decides them (auth-options.c, match.c, addrmatch.c). */
class KeyRestrictionsTest {
    private static final String KEY = Fixtures.publicLine("ed25519");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static KeyRestrictions restrictions(String options) throws ParseException {
        AuthorizedKeys keys = AuthorizedKeys.parse(options + " " + KEY);
        assertEquals(List.of(), keys.problems());
        return KeyRestrictions.of(keys.entries().get(0).options(), BERLIN);
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only: no lookup
    }

    @Test
    void noOptionsAllowEverything() throws Exception {
        KeyRestrictions none = KeyRestrictions.of(AuthorizedKeys.parse(KEY).entries().get(0));
        assertTrue(none.pty() && none.portForwarding() && none.agentForwarding() && none.x11Forwarding() && none.userRc());
        assertEquals(Optional.empty(), none.forcedCommand());
        assertTrue(none.allowsFrom(address("203.0.113.9"), null));
        assertFalse(none.isExpiredAt(Instant.parse("2999-01-01T00:00:00Z")));
        assertTrue(none.permitsOpen("anything", 1) && none.permitsListen("", 8080));
    }

    @Test
    void restrictTurnsEverythingOffAndLaterFlagsTurnThingsBackOn() throws ParseException {
        KeyRestrictions r = restrictions("restrict,pty,command=\"uptime\"");
        assertTrue(r.pty());
        assertFalse(r.portForwarding() || r.agentForwarding() || r.x11Forwarding() || r.userRc());
        assertEquals(Optional.of("uptime"), r.forcedCommand());
        // Left to right: a flag before restrict is undone by it.
        assertFalse(restrictions("pty,restrict").pty());
        KeyRestrictions negated = restrictions("no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc");
        assertFalse(negated.pty() || negated.portForwarding() || negated.agentForwarding() || negated.x11Forwarding()
                || negated.userRc());
        assertTrue(restrictions("no-agent-forwarding").x11Forwarding());
    }

    @Test
    void fromMatchesAddressesNetworksNamesAndNegations() throws Exception {
        KeyRestrictions r = restrictions("from=\"192.168.0.0/16,!192.168.7.*,10.1.2.3,2001:db8::/32,*.example.com,!evil.example.com\"");
        assertTrue(r.allowsFrom(address("192.168.1.20"), null));
        assertFalse(r.allowsFrom(address("192.168.7.20"), null), "negated wildcard on the address");
        assertTrue(r.allowsFrom(address("10.1.2.3"), null));
        assertFalse(r.allowsFrom(address("10.1.2.4"), null));
        assertTrue(r.allowsFrom(address("2001:db8:1::5"), null));
        assertFalse(r.allowsFrom(address("2001:db9::5"), null));
        assertTrue(r.allowsFrom(address("203.0.113.5"), "host.EXAMPLE.com"), "name matched in lower case");
        assertFalse(r.allowsFrom(address("203.0.113.5"), "evil.example.com"), "negated name");
        assertFalse(r.allowsFrom(address("203.0.113.5"), null));
        assertTrue(restrictions("from=\"::1\"").allowsFrom(address("0:0:0:0:0:0:0:1"), null), "compressed IPv6 text");
        assertTrue(restrictions("from=\"fe80::*\"").allowsFrom(address("fe80::1"), null));
        assertTrue(restrictions("from=\"*\"").allowsFrom(address("198.51.100.1"), null));
        // A network with host bits set is an error in sshd, which then refuses every client.
        assertFalse(restrictions("from=\"10.1.2.3/8,*\"").allowsFrom(address("10.1.2.3"), null));
        assertFalse(restrictions("from=\"10.0.0.1,,*\"").allowsFrom(address("10.0.0.1"), null));
        assertThrows(ParseException.class, () -> restrictions("from=\"a\",from=\"b\""));
    }

    @Test
    void expiryTimesFollowSshdsFormats() throws ParseException {
        ZoneId utc = ZoneOffset.UTC;
        assertEquals(Instant.parse("2027-12-31T00:00:00Z"), KeyRestrictions.expiryTime("20271231Z", BERLIN));
        assertEquals(Instant.parse("2027-12-30T23:00:00Z"), KeyRestrictions.expiryTime("20271231", BERLIN));
        assertEquals(Instant.parse("2027-06-30T11:30:00Z"), KeyRestrictions.expiryTime("202706301330", BERLIN));
        assertEquals(Instant.parse("2027-06-30T13:30:15Z"), KeyRestrictions.expiryTime("20270630133015UTC", BERLIN));
        assertEquals(Instant.parse("2027-06-30T13:30:15Z"), KeyRestrictions.expiryTime("20270630133015", utc));
        for (String bad : new String[] {"2027123", "202712311", "20271331", "2027-1231", "20270230Z", ""}) {
            assertThrows(ParseException.class, () -> KeyRestrictions.expiryTime(bad, BERLIN), bad);
        }
        KeyRestrictions r = restrictions("expiry-time=\"20300101Z\",expiry-time=\"20290101000000Z\"");
        assertEquals(Optional.of(Instant.parse("2029-01-01T00:00:00Z")), r.expiresAt(), "the earliest wins");
        assertFalse(r.isExpiredAt(Instant.parse("2029-01-01T00:00:00.900Z")), "not until a whole second has passed");
        assertTrue(r.isExpiredAt(Instant.parse("2029-01-01T00:00:01Z")));
        assertThrows(ParseException.class, () -> restrictions("expiry-time=\"tomorrow\""));
    }

    @Test
    void environmentKeepsTheFirstOfEachName() throws ParseException {
        KeyRestrictions r = restrictions("environment=\"A=1\",environment=\"B_2=x=y\",environment=\"A=2\"");
        assertEquals(Map.of("A", "1", "B_2", "x=y"), r.environment());
        assertEquals(List.of("A", "B_2"), List.copyOf(r.environment().keySet()));
        assertThrows(ParseException.class, () -> restrictions("environment=\"NOEQUALS\""));
        assertThrows(ParseException.class, () -> restrictions("environment=\"BAD-NAME=1\""));
        assertThrows(ParseException.class, () -> restrictions("environment=\"=1\""));
    }

    @Test
    void permitOpenAndListen() throws ParseException {
        KeyRestrictions r = restrictions("permitopen=\"db.internal:5432\",permitopen=\"[2001:db8::1]:*\",permitopen=\"*:80\","
                + "permitlisten=\"8080\",permitlisten=\"local*:9000\"");
        assertEquals(List.of(new KeyRestrictions.HostPort("db.internal", 5432),
                new KeyRestrictions.HostPort("2001:db8::1", KeyRestrictions.HostPort.ANY_PORT),
                new KeyRestrictions.HostPort("*", 80)), r.permitOpen());
        assertTrue(r.permitsOpen("db.internal", 5432));
        assertFalse(r.permitsOpen("db.internal", 5433));
        assertFalse(r.permitsOpen("DB.internal", 5432), "exact host names, as channels.c compares them");
        assertTrue(r.permitsOpen("2001:db8::1", 22));
        assertTrue(r.permitsOpen("anywhere", 80));
        assertTrue(r.permitsListen("localhost", 8080), "a bare port means any listen host");
        assertTrue(r.permitsListen("", 8080));
        assertFalse(r.permitsListen("localhost", 8081));
        assertEquals(List.of(new KeyRestrictions.HostPort("*", 8080), new KeyRestrictions.HostPort("local*", 9000)),
                r.permitListen());
        assertTrue(r.permitsListen("localhost", 9000), "listen hosts may hold wildcards");
        assertFalse(r.permitsListen("0.0.0.0", 9000));
        // Without port forwarding the lists allow nothing.
        KeyRestrictions off = restrictions("restrict,permitopen=\"db.internal:5432\"");
        assertFalse(off.permitsOpen("db.internal", 5432));
        assertTrue(restrictions("restrict,port-forwarding,permitopen=\"db.internal:5432\"").permitsOpen("db.internal", 5432));
        for (String bad : new String[] {"permitopen=\"nohost\"", "permitopen=\"h:0\"", "permitopen=\"h:65536\"",
            "permitopen=\":22\"", "permitopen=\"[::1:22\"", "permitlisten=\"x\"", "permitlisten=\"h:9*\""}) {
            assertThrows(ParseException.class, () -> restrictions(bad), bad);
        }
    }
}
