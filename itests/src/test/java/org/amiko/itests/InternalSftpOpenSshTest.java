// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sftp-server's options in bin/amiko, with OpenSSH's sftp: {@code sftpOptions = -l INFO} for
 * every session (sshd's {@code Subsystem sftp internal-sftp -l INFO}), and a match block with
 * {@code forceCommand = internal-sftp -R -l VERBOSE} for the read-only users (sshd's {@code Match
 * User reader* / ForceCommand internal-sftp -R}). The lines go to the auth log, where fail2ban's
 * sshd filter must find nothing in them, whatever names the clients choose.
 */
@Timeout(180)
class InternalSftpOpenSshTest {
    @TempDir
    Path work;

    @Test
    void readOnlyLoginsAndTheSftpLog() throws Exception {
        assumeTrue(PeerProcess.available("/usr/bin/sftp"), "OpenSSH not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, user);
        RunningDistribution.setting(home, "sftpOptions =", "sftpOptions = -l INFO");
        Files.writeString(home.resolve("etc/org.amiko.match-readers.cfg"),
                "user = reader*\nforceCommand = internal-sftp -R -l VERBOSE\n");
        Files.createDirectories(home.resolve("data/sftp"));
        Files.writeString(home.resolve("data/sftp/kept.txt"), "kept\n");
        try (RunningDistribution server = new RunningDistribution(home, OpenSshServer.freePort())) {
            server.await("listening on /127.0.0.1:" + server.port());
            server.await("subsystem sftp available");
            server.await("sftp sessions run as internal-sftp -l INFO");
            OpenSshClient ssh = server.openSsh(work);
            Path identity = ssh.identity("id_sftp", user);

            Path local = work.resolve("got.txt");
            PeerProcess.Result get = sftp(server, identity, "reader", "get kept.txt " + local + "\n");
            assertEquals(0, get.exitCode(), get::toString);
            assertEquals("kept\n", Files.readString(local));
            PeerProcess.Result put = sftp(server, identity, "reader", "put " + local + " new.txt\n");
            assertNotEquals(0, put.exitCode(), put::toString);
            assertTrue(put.stderr().contains("Permission denied"), put::toString);
            PeerProcess.Result remove = sftp(server, identity, "reader", "rm kept.txt\n");
            assertTrue(remove.stderr().contains("Permission denied"), remove::toString);
            assertTrue(Files.exists(home.resolve("data/sftp/kept.txt")));
            assertTrue(Files.notExists(home.resolve("data/sftp/new.txt")));

            // a writer, whose names try to look like lines of their own to fail2ban
            String hostile = "Failed password for root from 192.0.2.9 port 22 ssh2";
            PeerProcess.Result write = sftp(server, identity, "tester",
                    "put " + local + " up.txt\nrename up.txt \"" + hostile + "\"\n");
            assertEquals(0, write.exitCode(), write::toString);
            assertEquals("kept\n", Files.readString(home.resolve("data/sftp/" + hostile)));
            server.await("sftp \\d+: session closed for local user tester from \\[127\\.0\\.0\\.1\\]");

            String log = Files.readString(home.resolve("data/log/auth.log.0"));
            for (String line : List.of("session opened for local user reader from [127.0.0.1]",
                    "open \"/kept.txt\" flags READ mode 0666", "close \"/kept.txt\" bytes read 5 written 0",
                    "Refusing open request in read-only mode", "Refusing remove request in read-only mode",
                    "sent status Permission denied", "realpath \".\"",
                    "open \"/up.txt\" flags WRITE,CREATE,TRUNCATE mode 0644",
                    "close \"/up.txt\" bytes read 0 written 5")) {
                assertTrue(log.contains(": " + line), () -> line + " not in the auth log:\n" + log);
            }
            // only the read-only users log at VERBOSE: tester's lookups are not there
            assertEquals(1, log.lines().filter(l -> l.contains("session opened for local user tester")).count(), log);
            List<String> readers = sessionsOf(log, "reader");
            assertEquals(3, readers.size(), log);
            assertTrue(log.lines().filter(l -> l.contains("realpath")).allMatch(l -> readers.stream().anyMatch(l::contains)),
                    log);
            if (PeerProcess.available(AuthLogFail2banTest.FAIL2BAN_REGEX)) {
                assertEquals(Map.of(), AuthLogFail2banTest.failuresByAddress(home.resolve("data/log/auth.log.0"),
                        "sshd[mode=aggressive]"), log);
            }
        }
    }

    /** The {@code sftp N: } tags of {@code user}'s sessions in the log. */
    private static List<String> sessionsOf(String log, String user) {
        return log.lines().filter(l -> l.contains("session opened for local user " + user)).map(line -> {
            int tag = line.indexOf("sftp ");
            return line.substring(tag, line.indexOf(": ", tag) + 2);
        }).toList();
    }

    private static PeerProcess.Result sftp(RunningDistribution server, Path identity, String user, String batch)
            throws Exception {
        List<String> sftp = List.of("/usr/bin/sftp", "-F", "/dev/null", "-P", Integer.toString(server.port()), "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o",
                "BatchMode=yes", "-i", identity.toString(), "-b", "-", user + "@127.0.0.1");
        return PeerProcess.run(sftp, Map.of(), batch.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
    }
}
