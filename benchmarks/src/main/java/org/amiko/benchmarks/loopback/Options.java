// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The harness's command line; {@code --quick} shrinks everything to a smoke run of seconds. */
final class Options {
    static final List<String> SECTIONS = List.of("startup", "transfer", "setup", "parallel", "sftp", "idle", "profile",
            "ceiling", "load");

    long size = 1L << 30;
    long sftpSize = 512L << 20;
    long ceilingSize = 1L << 30;
    int rounds = 3;
    int setupCount = 100;
    int setupWarmup = 15_000;
    int parallelPerClient = 25;
    int idle = 200;
    int load = 10_000;
    int loadBatch = 200;
    int loadThreads = 4;
    boolean loadChannel = true;
    boolean verify = true;
    /** Whether the library server joins bin/amiko in the transfer, connection and idle rows. */
    boolean library = true;
    /** How long held sessions sit before memory is read (buffers released, GC settled). */
    long settleMillis = 2000;
    long loadDeadlineSeconds = 900;
    String loadHeap = "-Xmx512m";
    int startups = 3;
    long profileSize = 1L << 30;
    String amiko = "dist";
    Set<String> sections = new LinkedHashSet<>(SECTIONS);
    /** Transfer suites measured after the three the targets name. */
    List<Transfers.Suite> extraSuites = new ArrayList<>();
    Path work = Path.of("/dev/shm/amiko-bench");
    Path out;

    static final String USAGE = """
            usage: benchmarks/run [loopback] [options]
              --quick                 tiny sizes, one round: a smoke run of well under a minute
              --smoke                 the build's smoke test: 1 MiB, one connection each, no start-up or JFR pass
              --size N                bytes per transfer (k, m, g suffixes; default 1g)
              --sftp-size N           bytes per SFTP put/get (default 512m)
              --ceiling-size N        bytes per Amiko-to-Amiko transfer (default 1g)
              --rounds N              alternating rounds (default 3)
              --setup N               sequential connections per round (default 100)
              --warmup N              connections per JVM server from 8 clients before the setup rows, at least
                                      (default 15000: code run once per connection reaches C2 only after
                                      5,000 to 15,000); then batches of 1000 until the JIT is quiet, up to 3N;
                                      OpenSSH gets at most 100
              --parallel N            connections per client, 8 clients (default 25)
              --idle N                idle ssh -N sessions (default 200)
              --load N                in-JVM idle sessions against bin/amiko -Xmx512m (default 10000)
              --load-no-channel       hold transports only, no session channel
              --no-library            leave the Amiko library server (in-process commands) out of the
                                      transfer, connection and idle rows (it separates the engine from shell=os)
              --startups N            bin/amiko restarts timed after the first start of a fresh copy (default 3)
              --profile-size N        bytes per transfer in the JFR pass (default 1g)
              --suite CIPHER[/MAC]    one more transfer suite after the three default ones, repeatable
                                      (aes128-ctr/umac-64-etm@openssh.com, say); a server that fails its
                                      byte-count check is left out of that suite's rows
              --amiko dist|lib        Amiko server for the OpenSSH-client rows: bin/amiko shell=os (default),
                                      or the library server with in-process commands
              --only a,b,...          sections: %s
              --skip a,b,...          sections to leave out
              --work DIR              scratch directory, tmpfs (default /dev/shm/amiko-bench)
              --out FILE              also write the Markdown report there
            """.formatted(String.join(",", SECTIONS));

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {
                    options.size = 8L << 20;
                    options.sftpSize = 8L << 20;
                    options.ceilingSize = 16L << 20;
                    options.profileSize = 8L << 20;
                    options.rounds = 1;
                    options.setupCount = 3;
                    options.setupWarmup = 8;
                    options.parallelPerClient = 1;
                    options.idle = 8;
                    options.load = 40;
                    options.loadBatch = 20;
                    options.startups = 1;
                }
                case "--smoke" -> {
                    // the build's smoke test: every piece once, as small as still means something
                    options.size = 1L << 20;
                    options.sftpSize = 1L << 20;
                    options.ceilingSize = 4L << 20;
                    options.profileSize = 1L << 20;
                    options.rounds = 1;
                    options.setupCount = 1;
                    options.setupWarmup = 0;
                    options.parallelPerClient = 1;
                    options.idle = 2;
                    options.load = 10;
                    options.loadBatch = 10;
                    options.startups = 1;
                    options.verify = false;
                    options.library = false;
                    options.settleMillis = 0;
                    options.sections.remove("profile");
                    options.sections.remove("startup");
                }
                case "--size" -> options.size = bytes(args[++i]);
                case "--sftp-size" -> options.sftpSize = bytes(args[++i]);
                case "--ceiling-size" -> options.ceilingSize = bytes(args[++i]);
                case "--profile-size" -> options.profileSize = bytes(args[++i]);
                case "--rounds" -> options.rounds = Integer.parseInt(args[++i]);
                case "--setup" -> options.setupCount = Integer.parseInt(args[++i]);
                case "--warmup" -> options.setupWarmup = Integer.parseInt(args[++i]);
                case "--parallel" -> options.parallelPerClient = Integer.parseInt(args[++i]);
                case "--idle" -> options.idle = Integer.parseInt(args[++i]);
                case "--load" -> options.load = Integer.parseInt(args[++i]);
                case "--load-no-channel" -> options.loadChannel = false;
                case "--no-library" -> options.library = false;
                case "--startups" -> options.startups = Integer.parseInt(args[++i]);
                case "--amiko" -> options.amiko = args[++i];
                case "--suite" -> options.extraSuites.add(Transfers.Suite.parse(args[++i]));
                case "--only" -> options.sections = sections(args[++i]);
                case "--skip" -> options.sections.removeAll(sections(args[++i]));
                case "--work" -> options.work = Path.of(args[++i]);
                case "--out" -> options.out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (!options.amiko.equals("dist") && !options.amiko.equals("lib")) {
            throw new IllegalArgumentException("--amiko is dist or lib\n" + USAGE);
        }
        return options;
    }

    boolean has(String section) {
        return sections.contains(section);
    }

    private static Set<String> sections(String list) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String section = name.strip().toLowerCase(Locale.ROOT);
            if (!SECTIONS.contains(section)) {
                throw new IllegalArgumentException("unknown section " + section + "\n" + USAGE);
            }
            chosen.add(section);
        }
        return chosen;
    }

    static long bytes(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = value.charAt(value.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            value = value.substring(0, value.length() - 1);
        }
        return Long.parseLong(value) * unit;
    }
}
