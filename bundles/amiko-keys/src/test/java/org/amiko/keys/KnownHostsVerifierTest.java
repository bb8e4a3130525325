// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import org.amiko.HostKeyVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reject, warn and auto-add host key policies over a known_hosts file. */
class KnownHostsVerifierTest {
    @TempDir
    Path directory;

    private static InetSocketAddress peer(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static PublicKey key(String fixture) throws GeneralSecurityException {
        return KnownHostsTest.publicKey(fixture);
    }

    private static boolean trusts(HostKeyVerifier verifier, SocketAddress peer, PublicKey key) throws GeneralSecurityException {
        return verifier.isTrusted(peer, PublicKeyBlob.keyType(key), key);
    }

    @Test
    void everyPolicyTrustsKnownKeysAndRefusesChangedAndRevokedOnes() throws GeneralSecurityException {
        KnownHosts hosts = KnownHosts.parse(KnownHostsTest.sample());
        for (HostKeyVerifier verifier : List.of(KnownHostsVerifier.reject(hosts), KnownHostsVerifier.warn(hosts),
                KnownHostsVerifier.autoAdd(hosts))) {
            assertTrue(trusts(verifier, peer("example.com", 22), key("ed25519")));
            assertTrue(trusts(verifier, new InetSocketAddress("192.0.2.1", 22), key("ed25519")));
            assertTrue(trusts(verifier, peer("example.net", 2222), key("rsa3072")), "[host]:port from the address");
            assertFalse(trusts(verifier, peer("example.com", 22), key("ecdsa256")), "changed");
            assertFalse(trusts(verifier, peer("revoked.test", 22), key("ecdsa521")), "revoked");
            assertFalse(trusts(verifier, new SocketAddress() {
                private static final long serialVersionUID = 1L;
            }, key("ed25519")), "not an internet address");
        }
        assertEquals(KnownHostsTest.sample().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).count(),
                hosts.entries().size(), "no policy added a key for a known host");
    }

    /** ssh's RevokedHostKeys: a listed key is refused though known_hosts trusts it, and never learnt. */
    @Test
    void revokedHostKeysAreRefusedWhateverKnownHostsSays() throws Exception {
        KnownHosts hosts = KnownHosts.parse(KnownHostsTest.sample());
        RevokedKeys revoked = RevokedKeys.parse((PublicKeyLine.of(key("ed25519"), "lost").format() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int before = hosts.entries().size();
        for (KnownHostsVerifier policy : List.of(KnownHostsVerifier.reject(hosts), KnownHostsVerifier.autoAdd(hosts))) {
            HostKeyVerifier verifier = policy.withRevokedKeys(revoked);
            assertFalse(trusts(verifier, peer("example.com", 22), key("ed25519")), "known but revoked");
            assertFalse(trusts(verifier, peer("new.test", 22), key("ed25519")), "unknown and revoked");
            assertTrue(trusts(verifier, peer("example.net", 2222), key("rsa3072")), "another key");
            assertTrue(trusts(policy, peer("example.com", 22), key("ed25519")), "the policy itself is unchanged");
        }
        assertEquals(before, hosts.entries().size(), "a revoked key is not added");
    }

    /**
     * UpdateHostKeys: for a host known by the key this connection used, the announced keys not on
     * file are to be learnt (not revoked ones, not certificates); once proven they are added and
     * saved. Without withHostKeyUpdates, and for a host that is not known, nothing is.
     */
    @Test
    void consultedFilesAreJudgedWithTheMainFileAsSshJudgesThemAll() throws Exception {
        KnownHosts global = KnownHosts.parse("example.com " + PublicKeyLine.of(key("ed25519"), "").format() + "\n"
                + "old.test " + PublicKeyLine.of(key("rsa3072"), "").format() + "\n");
        KnownHosts mine = KnownHosts.parse("@revoked example.com " + PublicKeyLine.of(key("ed25519"), "").format() + "\n"
                + "new.test " + PublicKeyLine.of(key("ecdsa256"), "").format() + "\n");
        KnownHostsVerifier verifier = KnownHostsVerifier.autoAdd(mine).withConsulted(List.of(global));
        assertFalse(trusts(verifier, peer("example.com", 22), key("ed25519")), "revoked in one file, trusted in another");
        assertFalse(trusts(verifier, peer("old.test", 22), key("ecdsa256")), "another key on file in a consulted file");
        assertTrue(trusts(verifier, peer("new.test", 22), key("ecdsa256")));
        assertTrue(trusts(KnownHostsVerifier.reject(KnownHosts.parse("")).withConsulted(List.of(global)),
                peer("old.test", 22), key("rsa3072")), "trusted by a consulted file alone");
        RevokedKeys lost = RevokedKeys.parse((PublicKeyLine.of(key("rsa3072"), "lost").format() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(trusts(KnownHostsVerifier.reject(KnownHosts.parse("")).withRevokedKeys(lost)
                .withConsulted(List.of(global)), peer("old.test", 22), key("rsa3072")), "revoked host keys beat any file");
        assertEquals(List.of("ssh-rsa"), KnownHostsVerifier.reject(KnownHosts.parse("")).withConsulted(List.of(global))
                .knownKeyTypes(peer("old.test", 22)), "a consulted file's key types are offered first");
        int before = mine.entries().size();
        assertTrue(trusts(verifier, peer("unknown.test", 22), key("rsa3072")), "unknown everywhere: learnt");
        assertEquals(before + 1, mine.entries().size(), "into the main file");
        assertEquals(2, global.entries().size(), "a consulted file is never written");
    }

    @Test
    void announcedHostKeysOfAKnownHostAreLearntOnceProven() throws Exception {
        Path file = directory.resolve("known_hosts");
        Files.writeString(file, "example.com " + PublicKeyLine.of(key("ed25519"), "").format() + "\n@revoked example.com "
                + PublicKeyLine.of(key("ecdsa521"), "").format() + "\n");
        KnownHosts hosts = KnownHosts.load(file);
        KnownHostsVerifier plain = KnownHostsVerifier.reject(hosts);
        KnownHostsVerifier learning = plain.withHostKeyUpdates();
        List<PublicKey> announced = List.of(key("ed25519"), key("ecdsa256"), key("ecdsa521"), key("rsa3072"));
        InetSocketAddress peer = peer("example.com", 22);
        assertEquals(List.of(), plain.hostKeysToLearn(peer, key("ed25519"), announced), "off unless asked for");
        assertEquals(List.of(), learning.hostKeysToLearn(peer("other.test", 22), key("ed25519"), announced),
                "a host not known by this key");
        List<PublicKey> learn = learning.hostKeysToLearn(peer, key("ed25519"), announced);
        assertEquals(List.of(key("ecdsa256"), key("rsa3072")), learn, "neither the key on file nor the revoked one");
        learning.hostKeysProven(peer, learn);
        KnownHosts saved = KnownHosts.load(file);
        assertEquals(HostKeyStatus.TRUSTED, saved.match("example.com", 22, key("ecdsa256")));
        assertEquals(HostKeyStatus.TRUSTED, saved.match("example.com", 22, key("rsa3072")));
        assertEquals(List.of(), learning.hostKeysToLearn(peer, key("ed25519"), announced), "nothing left to learn");
    }

    /**
     * UpdateHostKeys in full: in one settled announcement the proven keys are added and the keys
     * on file the server no longer announces are removed, and saved; an announcement that leaves
     * out the key the connection used changes nothing.
     */
    @Test
    void keysTheServerNoLongerAnnouncesAreRemoved() throws Exception {
        Path file = directory.resolve("known_hosts");
        Files.writeString(file, "# mine\nexample.com " + PublicKeyLine.of(key("ed25519"), "").format()
                + "\nexample.com,192.0.2.1 " + PublicKeyLine.of(key("ecdsa521"), "").format()
                + "\nother.test " + PublicKeyLine.of(key("rsa3072"), "").format() + "\n");
        KnownHostsVerifier learning = KnownHostsVerifier.reject(KnownHosts.load(file)).withHostKeyUpdates();
        InetSocketAddress peer = peer("example.com", 22);
        List<PublicKey> announced = List.of(key("ed25519"), key("ecdsa256"));
        learning.hostKeysUpdated(peer, key("ecdsa256"), announced, List.of());
        assertEquals(3, KnownHosts.load(file).entries().size(), "the session key is not on file: nothing changes");
        learning.hostKeysUpdated(peer, key("ed25519"), List.of(key("ecdsa256")), List.of());
        assertEquals(3, KnownHosts.load(file).entries().size(), "the session key is not announced: nothing changes");

        List<PublicKey> learn = learning.hostKeysToLearn(peer, key("ed25519"), announced);
        assertEquals(List.of(key("ecdsa256")), learn);
        learning.hostKeysUpdated(peer, key("ed25519"), announced, learn);
        KnownHosts saved = KnownHosts.load(file);
        assertEquals(List.of(key("ed25519"), key("ecdsa256")), saved.keysFor("example.com", 22));
        assertEquals(List.of(key("rsa3072")), saved.keysFor("other.test", 22), "another host's line stays");
        assertTrue(Files.readString(file).startsWith("# mine\n"));
    }

    /**
     * As ssh's clientloop.c holds back: no key is removed while a line for the host has a wildcard,
     * more than two names or a marker, nor when the key is on file for another host too.
     */
    @Test
    void keysAreNotRemovedWhereSshWouldNotRemoveThem() throws Exception {
        String session = "example.com " + PublicKeyLine.of(key("ed25519"), "").format() + "\n";
        String old = PublicKeyLine.of(key("ecdsa521"), "").format();
        for (String other : List.of("*.com " + old, "example.com,192.0.2.1,web " + old,
                "@cert-authority example.com " + PublicKeyLine.of(key("rsa3072"), "").format() + "\nexample.com " + old,
                "example.com " + old + "\nother.test " + old)) {
            Path file = Files.createTempFile(directory, "known_hosts", "");
            Files.writeString(file, session + other + "\n");
            KnownHostsVerifier learning = KnownHostsVerifier.reject(KnownHosts.load(file)).withHostKeyUpdates();
            learning.hostKeysUpdated(peer("example.com", 22), key("ed25519"), List.of(key("ed25519")), List.of());
            assertEquals(session + other + "\n", Files.readString(file), other);
        }
    }

    /** A host whose line is hashed gets hashed lines for the keys learnt, as ssh keeps a hashed file hashed. */
    @Test
    void keysLearntForAHashedHostAreHashed() throws Exception {
        Path file = directory.resolve("hashed_known_hosts");
        KnownHosts hosts = KnownHosts.load(file);
        hosts.add("example.com", 22, key("ed25519"), true);
        hosts.save();
        KnownHostsVerifier learning = KnownHostsVerifier.reject(KnownHosts.load(file)).withHostKeyUpdates();
        InetSocketAddress peer = peer("example.com", 22);
        learning.hostKeysProven(peer, learning.hostKeysToLearn(peer, key("ed25519"), List.of(key("ecdsa256"))));
        List<KnownHostEntry> entries = KnownHosts.load(file).entries();
        assertEquals(2, entries.size());
        assertTrue(entries.stream().allMatch(KnownHostEntry::isHashed), entries::toString);
    }

    @Test
    void rejectRefusesAndWarnAcceptsUnknownHostsWithoutRemembering() throws GeneralSecurityException {
        KnownHosts hosts = KnownHosts.parse("");
        assertFalse(trusts(KnownHostsVerifier.reject(hosts), peer("new.test", 22), key("ed25519")));
        assertTrue(trusts(KnownHostsVerifier.warn(hosts), peer("new.test", 22), key("ed25519")));
        assertEquals(List.of(), hosts.entries());
    }

    @Test
    void autoAddRemembersTheFirstKeyAndSavesIt() throws Exception {
        Path file = directory.resolve("known_hosts");
        KnownHosts hosts = KnownHosts.load(file);
        HostKeyVerifier verifier = KnownHostsVerifier.autoAdd(hosts, true);
        assertTrue(trusts(verifier, peer("New.Test", 2022), key("ed25519")));
        assertTrue(trusts(verifier, peer("new.test", 2022), key("ed25519")));
        assertFalse(trusts(verifier, peer("new.test", 2022), key("ecdsa256")), "a second key is a change");
        assertTrue(trusts(verifier, peer("new.test", 22), key("ecdsa256")), "another port is another host");
        KnownHosts reloaded = KnownHosts.load(file);
        assertEquals(2, reloaded.entries().size());
        assertTrue(reloaded.entries().stream().allMatch(KnownHostEntry::isHashed));
        assertEquals(HostKeyStatus.TRUSTED, reloaded.match("new.test", 2022, key("ed25519")));
        assertTrue(trusts(KnownHostsVerifier.reject(reloaded), peer("new.test", 2022), key("ed25519")));

        SshKeygen.assumeInstalled();
        String found = SshKeygen.run("-F", "[new.test]:2022", "-f", file.toString());
        assertTrue(found.contains("found: line 1"), found);
        assertTrue(Files.readString(file).startsWith("|1|"));
    }

    @Test
    void autoAddOnParsedTextKeepsTheKeyInMemory() throws GeneralSecurityException {
        KnownHosts hosts = KnownHosts.parse("");
        assertTrue(trusts(KnownHostsVerifier.autoAdd(hosts), peer("mem.test", 22), key("rsa3072")));
        assertEquals("mem.test", hosts.entries().get(0).hosts());
        assertFalse(trusts(KnownHostsVerifier.reject(hosts), peer("mem.test", 22), key("ed25519")));
    }
}
