// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * SFTP put and get with OpenSSH's {@code sftp -b} (aes128-gcm): OpenSSH serves it with
 * {@code internal-sftp}, MINA with sshd-sftp 2.20, Amiko with its {@code sftp} subsystem. All three
 * serve the same tmpfs directory; each put's file is the next get's source, then both are removed.
 */
public final class SftpTransfers {
    private static final String CIPHER = "aes128-gcm@openssh.com";

    private SftpTransfers() {}

    /** Puts and gets a small file through each server and compares sizes, so a broken server is left out early. */
    public static boolean works(Workspace workspace, Server server) {
        try {
            once(workspace, server, workspace.dataFile(1 << 20), 1 << 20);
            return true;
        } catch (IOException e) {
            System.err.println("  " + server.name() + " SFTP does not work here: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static void measure(Workspace workspace, List<Server> servers, long size, int rounds, Report report)
            throws IOException, InterruptedException {
        Path data = workspace.dataFile(size);
        for (int round = 0; round < rounds; round++) {
            for (Server server : Transfers.rotate(servers, round)) {
                List<Leg> legs = once(workspace, server, data, size);
                for (Leg leg : legs) {
                    String key = "sftp " + leg.direction() + " " + server.name();
                    report.add(key + " MB/s", size / 1e6 / leg.seconds());
                    report.add(key + " cpu s/GB", leg.server().tree() / (size / 1e9));
                    report.add(key + " client cpu s/GB", leg.client().clientSeconds() / (size / 1e9));
                }
                System.err.printf(Locale.ROOT, "  round %d sftp %-8s put %6.0f MB/s  get %6.0f MB/s%n", round + 1,
                        server.name(), size / 1e6 / legs.get(0).seconds(), size / 1e6 / legs.get(1).seconds());
            }
        }
    }

    /** One direction of a put-then-get: the client's run and the server's CPU across it. */
    private record Leg(String direction, ClientRun.Result client, Cpu.Used server) {
        double seconds() {
            return client.nanos() / 1e9;
        }
    }

    /** Puts {@code data} on {@code server} and gets it back, checking both sizes; returns put, then get. */
    private static List<Leg> once(Workspace workspace, Server server, Path data, long size)
            throws IOException, InterruptedException {
        String name = "put-" + server.name().toLowerCase(Locale.ROOT).replace(' ', '-');
        Path stored = workspace.sftpDirectory().resolve(name);
        Path fetched = workspace.root().resolve("fetched-" + name);
        Files.deleteIfExists(stored);
        Files.deleteIfExists(fetched);
        long timeout = 120 + size / (5L << 20);
        try {
            Path put = workspace.write("put.batch", "put " + data + " " + server.sftpPath(name) + "\n");
            Cpu cpu = Cpu.start(server);
            ClientRun.Result putResult = ClientRun.check(workspace, workspace.sftp(server.port(), CIPHER, put), null, false,
                    timeout);
            Cpu.Used putUsed = cpu.stop();
            if (!Files.exists(stored) || Files.size(stored) != size) {
                throw new IOException(server.name() + ": sftp put left " + (Files.exists(stored) ? Files.size(stored) : -1)
                        + " of " + size + " bytes");
            }
            Path get = workspace.write("get.batch", "get " + server.sftpPath(name) + " " + fetched + "\n");
            cpu = Cpu.start(server);
            ClientRun.Result getResult = ClientRun.check(workspace, workspace.sftp(server.port(), CIPHER, get), null, false,
                    timeout);
            Cpu.Used getUsed = cpu.stop();
            if (Files.size(fetched) != size) {
                throw new IOException(server.name() + ": sftp get brought " + Files.size(fetched) + " of " + size + " bytes");
            }
            return List.of(new Leg("put", putResult, putUsed), new Leg("get", getResult, getUsed));
        } finally {
            Files.deleteIfExists(stored);
            Files.deleteIfExists(fetched);
        }
    }

    public static void table(Report report, List<Server> servers, long size) {
        report.line("")
                .line("### SFTP, `sftp -b` put and get of " + Report.mib(size) + " (aes128-gcm; tmpfs on both ends)")
                .line("")
                .line("Client CPU: `sftp` and the `ssh` it starts (what the harness reaps), in 10 ms ticks.")
                .line("")
                .line("| server | put MB/s | get MB/s | put server CPU s/GB | get server CPU s/GB | put client CPU s/GB | get client CPU s/GB |")
                .line("|---|---|---|---|---|---|---|");
        for (Server server : servers) {
            String put = "sftp put " + server.name();
            String get = "sftp get " + server.name();
            report.line("| " + server.name() + " | " + report.cell(put + " MB/s", "%.0f") + " | " + report.cell(get + " MB/s", "%.0f")
                    + " | " + report.cell(put + " cpu s/GB", "%.2f") + " | " + report.cell(get + " cpu s/GB", "%.2f")
                    + " | " + report.cell(put + " client cpu s/GB", "%.2f") + " | " + report.cell(get + " client cpu s/GB", "%.2f")
                    + " |");
        }
        String amiko = servers.stream().map(Server::name).filter(n -> n.startsWith("Amiko")).findFirst().orElse("Amiko");
        report.line("")
                .line("Amiko / OpenSSH: put " + report.ratioCell("sftp put " + amiko + " MB/s", "sftp put OpenSSH MB/s")
                        + ", get " + report.ratioCell("sftp get " + amiko + " MB/s", "sftp get OpenSSH MB/s")
                        + ". Amiko / MINA: put " + report.ratioCell("sftp put " + amiko + " MB/s", "sftp put MINA MB/s")
                        + ", get " + report.ratioCell("sftp get " + amiko + " MB/s", "sftp get MINA MB/s") + ".");
    }
}
