// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts lookups, checked against what ssh-keygen -F finds in the same file, plain and hashed. */
class KnownHostsTest {
    private static final Pattern FOUND = Pattern.compile("^# Host \\S+ found: line (\\d+)", Pattern.MULTILINE);
    /** Host and port pairs looked up in both the plain and the hashed file. */
    private static final List<Object[]> QUERIES = List.of(new Object[] {"example.com", 22},
            new Object[] {"192.0.2.1", 22}, new Object[] {"a.example.org", 22}, new Object[] {"bad.example.org", 22},
            new Object[] {"example.org", 22}, new Object[] {"example.net", 2222}, new Object[] {"example.net", 22},
            new Object[] {"x.ca.test", 22}, new Object[] {"revoked.test", 22}, new Object[] {"host1.test", 22},
            new Object[] {"host12.test", 22}, new Object[] {"::1", 2200}, new Object[] {"multi.test", 22},
            new Object[] {"unknown.test", 22}, new Object[] {"example.com", 0});

    @TempDir
    Path directory;

    static String key(String fixture) {
        String[] fields = Fixtures.publicLine(fixture).split(" ");
        return fields[0] + " " + fields[1];
    }

    static PublicKey publicKey(String fixture) throws GeneralSecurityException {
        return PublicKeyLine.parse(Fixtures.publicLine(fixture)).publicKey();
    }

    static String sample() {
        return String.join("\n",
                "# written for KnownHostsTest",                                       // 1
                "example.com,192.0.2.1 " + key("ed25519") + " first host",         // 2
                "*.example.org,!bad.example.org " + key("ecdsa256"),               // 3
                "[example.net]:2222 " + key("rsa3072"),                            // 4
                "host?.test " + key("ecdsa384"),                                    // 5
                "@cert-authority *.ca.test " + key("ecdsa384"),                    // 6
                "@revoked revoked.test " + key("ecdsa521"),                        // 7
                "revoked.test " + key("ecdsa521"),                                 // 8
                "",                                                                   // 9
                "multi.test " + key("ed25519"),                                    // 10
                "\tmulti.test " + key("ecdsa256") + " second key",                 // 11
                "[::1]:2200 " + key("ed25519")) + "\n";                           // 12
    }

    /** The sample with lines that cannot be used after it; ssh-keygen -H refuses such a file. */
    static String sampleWithBadLines() {
        return sample() + String.join("\n",
                "no-key.test",                                                        // 13
                "@bogus x.test " + key("ed25519"),                                 // 14
                "old.test ssh-dss AAAAB3NzaC1kc3MAAACBAP",                          // 15
                "|1|AAAA|AAAA " + key("ed25519")) + "\n";                           // 16
    }

    @Test
    void linesParseAndBadOnesAreReportedNotFatal() throws GeneralSecurityException {
        KnownHosts hosts = KnownHosts.parse(sampleWithBadLines());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 10, 11, 12),
                hosts.entries().stream().map(KnownHostEntry::lineNumber).collect(Collectors.toList()));
        List<String> problems = hosts.problems();
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("line 13: no key"), problems.get(0));
        assertTrue(problems.get(1).startsWith("line 14: invalid marker \"@bogus\""), problems.get(1));
        assertTrue(problems.get(2).startsWith("line 15: unsupported SSH key type \"ssh-dss\""), problems.get(2));
        assertTrue(problems.get(3).startsWith("line 16: bad hashed host name"), problems.get(3));
        KnownHostEntry first = hosts.entries().get(0);
        assertEquals("first host", first.comment());
        assertEquals(KnownHostEntry.Marker.CERT_AUTHORITY, hosts.entries().get(4).marker());
        assertEquals(KnownHostEntry.Marker.REVOKED, hosts.entries().get(5).marker());
        assertEquals(publicKey("ed25519"), first.key());
    }

    @Test
    void statusFollowsOpenSsh() throws GeneralSecurityException {
        KnownHosts hosts = KnownHosts.parse(sampleWithBadLines());
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("example.com", 22, publicKey("ed25519")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("EXAMPLE.com", 22, publicKey("ed25519")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("192.0.2.1", 22, publicKey("ed25519")));
        assertEquals(HostKeyStatus.UNKNOWN, hosts.match("example.com", 2222, publicKey("ed25519")));
        assertEquals(HostKeyStatus.CHANGED, hosts.match("example.com", 22, KeyPairs.generate("ssh-ed25519").getPublic()));
        // Another type than the one on file is a change too, or an attacker could pick a type we lack.
        assertEquals(HostKeyStatus.CHANGED, hosts.match("example.com", 22, publicKey("ecdsa256")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("a.example.org", 22, publicKey("ecdsa256")));
        assertEquals(HostKeyStatus.UNKNOWN, hosts.match("bad.example.org", 22, publicKey("ecdsa256")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("example.net", 2222, publicKey("rsa3072")));
        assertEquals(HostKeyStatus.UNKNOWN, hosts.match("example.net", 22, publicKey("rsa3072")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("host7.test", 22, publicKey("ecdsa384")));
        // A CA key vouches for certificates only.
        assertEquals(HostKeyStatus.UNKNOWN, hosts.match("x.ca.test", 22, publicKey("ecdsa384")));
        // @revoked wins over the plain line with the same key.
        assertEquals(HostKeyStatus.REVOKED, hosts.match("revoked.test", 22, publicKey("ecdsa521")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("multi.test", 22, publicKey("ecdsa256")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("multi.test", 22, publicKey("ed25519")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("::1", 2200, publicKey("ed25519")));
        assertEquals(List.of(publicKey("ed25519"), publicKey("ecdsa256")), hosts.keysFor("multi.test", 22));
        assertEquals(List.of(publicKey("ecdsa521")), hosts.keysFor("revoked.test", 22));
        assertEquals(List.of(), hosts.keysFor("x.ca.test", 22));
    }

    @Test
    void lookupsAgreeWithSshKeygenOnPlainAndHashedFiles() throws Exception {
        SshKeygen.assumeInstalled();
        Path file = directory.resolve("known_hosts");
        Files.writeString(file, sampleWithBadLines());
        assertAgreement(file);
        Files.writeString(file, sample());
        // ssh-keygen -H hashes every plain name (one line per name) and leaves the patterns alone.
        SshKeygen.run("-H", "-f", file.toString());
        String hashed = Files.readString(file);
        assertTrue(hashed.contains("|1|") && hashed.contains("*.example.org"), hashed);
        KnownHosts hosts = KnownHosts.load(file);
        assertTrue(hosts.entries().stream().filter(KnownHostEntry::isHashed).count() >= 6);
        assertAgreement(file);
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("192.0.2.1", 22, publicKey("ed25519")));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("example.net", 2222, publicKey("rsa3072")));
    }

    /** For every query, the lines we match are the lines ssh-keygen -F prints, among the lines we could read. */
    private void assertAgreement(Path file) throws Exception {
        KnownHosts hosts = KnownHosts.load(file);
        TreeSet<Integer> readable = hosts.entries().stream().map(KnownHostEntry::lineNumber)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Object[] query : QUERIES) {
            String host = (String) query[0];
            int port = (Integer) query[1];
            TreeSet<Integer> ours = hosts.entries().stream().filter(entry -> entry.matches(host, port))
                    .map(KnownHostEntry::lineNumber).collect(Collectors.toCollection(TreeSet::new));
            TreeSet<Integer> theirs = sshKeygenFind(file, HostPatterns.hostPort(host, port));
            theirs.retainAll(readable);
            assertEquals(theirs, ours, "lines for " + HostPatterns.hostPort(host, port));
        }
    }

    private static TreeSet<Integer> sshKeygenFind(Path file, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(SshKeygen.BINARY.toString(), "-F", name, "-f", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        TreeSet<Integer> lines = new TreeSet<>();
        Matcher matcher = FOUND.matcher(output);
        while (matcher.find()) {
            lines.add(Integer.parseInt(matcher.group(1)));
        }
        return lines;
    }

    /** /dev/null, a FIFO, a directory: saving would rename over it (as root, replace the device). */
    @Test
    void anythingButARegularFileIsNeverReplaced() throws Exception {
        Path notAFile = Files.createDirectory(directory.resolve("known_hosts.d"));
        IOException refused = assertThrows(IOException.class, () -> AtomicFile.write(notAFile,
                new byte[] {'x'}, PosixFilePermissions.fromString("rw-------")));
        assertTrue(refused.getMessage().contains("is not a regular file"), refused.getMessage());
        assertTrue(Files.isDirectory(notAFile));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(notAFile), files.collect(Collectors.toList()), "no temporary file is left behind");
        }
    }

    @Test
    void addedHostsAreFoundBySshKeygenAndTheFileKeepsItsLinesAndMode() throws Exception {
        Path file = directory.resolve("known_hosts");
        Files.writeString(file, "# keep me\nexample.com " + key("ed25519") + " no newline at end");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        KnownHosts hosts = KnownHosts.load(file);
        PublicKey plain = publicKey("ecdsa256");
        PublicKey hashedKey = publicKey("rsa3072");
        KnownHostEntry added = hosts.add("New.Example", 22, plain, false);
        assertEquals("new.example", added.hosts());
        KnownHostEntry hashed = hosts.add("secret.example", 2022, hashedKey, true);
        assertTrue(hashed.isHashed() && hashed.matches("secret.example", 2022) && !hashed.matches("secret.example", 22));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("new.example", 22, plain));
        hosts.save();
        String text = Files.readString(file);
        assertTrue(text.startsWith("# keep me\nexample.com " + key("ed25519") + " no newline at end\nnew.example "
                + key("ecdsa256") + "\n|1|"), text);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        hosts.save(); // nothing new: the file stays as it is
        assertEquals(text, Files.readString(file));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.collect(Collectors.toList()), "no temporary file is left behind");
        }
        KnownHosts again = KnownHosts.load(file);
        assertEquals(HostKeyStatus.TRUSTED, again.match("secret.example", 2022, hashedKey));
        assertEquals(List.of(), again.problems());

        SshKeygen.assumeInstalled();
        assertEquals(new TreeSet<>(List.of(3)), sshKeygenFind(file, "new.example"));
        assertEquals(new TreeSet<>(List.of(4)), sshKeygenFind(file, "[secret.example]:2022"));
    }

    /**
     * A removed key's lines for that host leave the file at the next save; every other line (a
     * comment with non-ASCII text and a CRLF end, the same key for another host, an
     * {@code @revoked} line) stays byte for byte, and a key added then removed never reaches it.
     */
    @Test
    void removedKeysLeaveTheFileAndEveryOtherLineStaysAsItWas() throws Exception {
        Path file = directory.resolve("known_hosts");
        String comment = "# caf\u00e9, a line with a CRLF end\r\n";
        String kept = "other.test " + key("ed25519") + "\n@revoked example.com " + key("ecdsa521") + "\n";
        String gone = "example.com,192.0.2.1 " + key("ed25519") + " old\nexample.com " + key("ed25519") + "\n";
        Files.writeString(file, comment + gone + kept + "example.com " + key("rsa3072"));
        KnownHosts hosts = KnownHosts.load(file);
        hosts.add("example.com", 22, publicKey("ecdsa256"), false);
        assertTrue(hosts.remove("example.com", 22, publicKey("ed25519")));
        assertTrue(hosts.remove("example.com", 22, publicKey("ecdsa256")), "added, then removed before a save");
        assertFalse(hosts.remove("example.com", 22, publicKey("ecdsa521")), "an @revoked line is no host key");
        assertEquals(List.of(publicKey("rsa3072")), hosts.keysFor("example.com", 22));
        assertEquals(HostKeyStatus.TRUSTED, hosts.match("other.test", 22, publicKey("ed25519")));
        hosts.save();
        assertArrayEquals((comment + kept + "example.com " + key("rsa3072") + "\n").getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(file));
        hosts.save(); // nothing pending: the file stays as it is
        assertEquals(List.of(publicKey("rsa3072")), KnownHosts.load(file).keysFor("example.com", 22));
    }

    @Test
    void aNewFileIsCreatedAndAParsedInstanceNeedsAPath() throws Exception {
        Path file = directory.resolve("sub").resolve("known_hosts");
        Files.createDirectories(file.getParent());
        KnownHosts hosts = KnownHosts.load(file);
        assertEquals(List.of(), hosts.entries());
        hosts.add("a.test", 22, publicKey("ed25519"), false);
        hosts.save();
        assertEquals("a.test " + key("ed25519") + "\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KnownHosts parsed = KnownHosts.parse("");
        parsed.add("b.test", 22, publicKey("ed25519"), false);
        assertThrows(IllegalStateException.class, parsed::save);
        assertThrows(IllegalArgumentException.class, () -> parsed.add("a b", 22, publicKey("ed25519"), false));
        assertThrows(IllegalArgumentException.class, () -> parsed.add("a,b", 22, publicKey("ed25519"), false));
    }

    @Test
    void aFailedSaveLeavesTheFileAndKeepsTheEntriesUnsaved() throws Exception {
        Path dir = Files.createDirectory(directory.resolve("locked"));
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "example.com " + key("ed25519") + "\n");
        KnownHosts hosts = KnownHosts.load(file);
        hosts.add("b.test", 22, publicKey("ecdsa256"), false);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        try {
            if (Files.isWritable(dir)) {
                return; // root ignores directory modes; nothing to prove here
            }
            assertThrows(IOException.class, hosts::save);
            assertEquals("example.com " + key("ed25519") + "\n", Files.readString(file));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        hosts.save();
        assertTrue(Files.readString(file).endsWith("b.test " + key("ecdsa256") + "\n"));
    }

    @Test
    void patternsMatchAsOpenSshDoes() {
        assertTrue(HostPatterns.matches("abc", "a*c"));
        assertTrue(HostPatterns.matches("ac", "a*c"));
        assertTrue(HostPatterns.matches("a.b.c", "*.c"));
        assertFalse(HostPatterns.matches("abc", "a?"));
        assertTrue(HostPatterns.matches("", "*"));
        assertFalse(HostPatterns.matches("x", ""));
        assertTrue(HostPatterns.matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*b"));
        assertFalse(HostPatterns.matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "*a*a*a*a*a*a*b"));
        assertEquals(1, HostPatterns.matchHostname("Host.Example", "*.EXAMPLE"));
        assertEquals(-1, HostPatterns.matchHostname("bad.example", "*.example,!bad.*"));
        assertEquals(0, HostPatterns.matchHostname("other", "*.example,!bad.*"));
        assertEquals("[h]:2222", HostPatterns.hostPort("H", 2222));
        assertEquals("h", HostPatterns.hostPort("H", 22));
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hashes.add(HostPatterns.hash("h"));
        }
        assertTrue(!hashes.get(0).equals(hashes.get(1)) && HostPatterns.matchesHashed("h", hashes.get(1)));
    }
}
