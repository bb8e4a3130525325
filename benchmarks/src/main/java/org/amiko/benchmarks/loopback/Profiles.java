// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * JFR profiles of the Amiko server, one recording per scenario the targets name, each summarised
 * into the report ({@link JfrTop}) so whoever optimises the engine sees what is in the way.
 */
final class Profiles {
    private Profiles() {}

    /**
     * One more start of {@code bin/amiko}, recorded by JFR from the JVM's first moment
     * ({@code -XX:StartFlightRecording}) until the listener answers, with each thread's CPU by then.
     */
    static void startup(Workspace workspace, Path distribution, Report report)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path file = workspace.root().resolve("profile-startup.jfr");
        Files.deleteIfExists(file);
        String settings = Jvm.fastSettings(workspace.jcmd()).toString();
        String threads;
        try (AmikoRuntime runtime = AmikoRuntime.start(workspace, distribution,
                List.of("-XX:StartFlightRecording=name=startup,settings=" + settings), "startup-profile")) {
            threads = ThreadCpu.snapshot(runtime.pid()).since(ThreadCpu.none(), 0);
            Jvm.stopRecording(workspace.jcmd(), runtime.pid(), "startup", file);
            report.line("").line("#### bin/amiko start-up, recorded from JVM start to listening (" + runtime.startupMillis()
                    + " ms with JFR on, `" + file + "`)").line("").line(threads).line(JfrTop.summary(file, 15));
        }
    }

    /**
     * One recording per direction of the Amiko-to-Amiko ceiling: the library server through
     * {@code jcmd}, and the client, which runs in this JVM, through an in-process recording, each
     * with its threads' CPU over an unrecorded transfer first. The client's share matters as much
     * as the server's: both sides and loopback TCP share the two cores.
     */
    static void ceiling(Workspace workspace, Server server, long size, Report report)
            throws IOException, GeneralSecurityException, InterruptedException {
        long self = ProcessHandle.current().pid();
        // both JVMs: the unrecorded transfer of each direction then runs on recompiled code
        Jvm.primeRecording(workspace.jcmd(), server.pid());
        try (Recording prime = clientRecording()) {
            prime.start();
            prime.stop();
        } catch (ParseException e) {
            throw new IOException("JFR's profile settings: " + e.getMessage(), e);
        }
        for (String direction : new String[] {"down", "up"}) {
            Path file = workspace.root().resolve("profile-ceiling-" + direction + ".jfr");
            Path clientFile = workspace.root().resolve("profile-ceiling-client-" + direction + ".jfr");
            Report scratch = new Report();
            ThreadCpu before = ThreadCpu.snapshot(server.pid());
            ThreadCpu clientBefore = ThreadCpu.snapshot(self);
            AmikoClients.ceilingOnce(workspace, server, size, direction, scratch);
            ThreadCpu after = ThreadCpu.snapshot(server.pid());
            ThreadCpu clientAfter = ThreadCpu.snapshot(self);
            Jvm.startRecording(workspace.jcmd(), server.pid(), "ceiling");
            try (Recording client = clientRecording()) {
                client.start();
                try {
                    AmikoClients.ceilingOnce(workspace, server, size, direction, scratch);
                } finally {
                    try {
                        client.stop();
                        client.dump(clientFile);
                    } finally {
                        Jvm.stopRecording(workspace.jcmd(), server.pid(), "ceiling", file);
                    }
                }
            } catch (ParseException e) {
                throw new IOException("JFR's profile settings: " + e.getMessage(), e);
            }
            report.line("").line("#### Amiko to Amiko " + direction + " (" + Report.mib(size) + "), library server (`" + file
                    + "`)").line("").line(after.since(before, size / 1e9)).line(JfrTop.summary(file, 12));
            report.line("").line("#### Amiko to Amiko " + direction + ", the client (the harness's JVM, `" + clientFile
                    + "`; its other threads are idle then)").line("").line(clientAfter.since(clientBefore, size / 1e9))
                    .line(JfrTop.summary(clientFile, 12));
        }
    }

    private static Recording clientRecording() throws IOException, ParseException {
        return new Recording(Configuration.getConfiguration("profile"));
    }

    /**
     * Connections after the priming recording, at least (then until the JIT is quiet, up to three
     * times): on JDK 17, C2 needed about 3 s per 1,000 connections and was still at half the
     * server's CPU after 3,000 (README, 27 November 17:30).
     */
    static final int PRIMED_WARMUP = 4000;

    /**
     * @param warmup the setup section's warm-up, which caps the connections made after the
     *     priming recording (a --quick run's toy warm-up keeps its profiles quick too)
     */
    static void record(Workspace workspace, Server amiko, long size, int warmup, Report report)
            throws IOException, InterruptedException {
        report.line("").line("### Profiles of the " + amiko.name() + " server").line("")
                .line("Per scenario: CPU per thread group from /proc over one run without JFR (everything, JIT and GC "
                        + "included), then a second run under a JFR recording (`profile` settings, Java samples every "
                        + "1 ms). JFR samples only threads running Java "
                        + "code: time in native code (socket and pipe I/O, process spawning) and in some intrinsic stubs "
                        + "is missing from its tables, so read them beside the thread table.");
        // a recording's first start deoptimises the server's compiled code (Jvm.primeRecording):
        // one is started and dropped, and connections are made until the JIT is quiet again; the
        // transfers' unrecorded runs then recompile their ciphers' loops
        Jvm.primeRecording(workspace.jcmd(), amiko.pid());
        ConnectionSetup.warmUp(workspace, List.of(amiko), Math.min(PRIMED_WARMUP, warmup));
        for (Transfers.Suite suite : Transfers.SUITES) {
            for (String direction : new String[] {"down", "up"}) {
                String name = (amiko.name().replace(' ', '-') + "-" + suite.label().split(" ")[0] + "-" + direction)
                        .replace('+', '-');
                Path file = workspace.root().resolve("profile-" + name + ".jfr");
                // threads first, without JFR: starting a recording instruments I/O classes, and the JIT
                // recompiles what that deoptimised, which would swell the table
                ThreadCpu before = ThreadCpu.snapshot(amiko.pid());
                Transfers.once(workspace, amiko, suite, direction, size);
                ThreadCpu after = ThreadCpu.snapshot(amiko.pid());
                Jvm.startRecording(workspace.jcmd(), amiko.pid(), name);
                Transfers.once(workspace, amiko, suite, direction, size);
                Jvm.stopRecording(workspace.jcmd(), amiko.pid(), name, file);
                report.line("").line("#### " + suite.label() + " " + direction + " (" + Report.mib(size) + ", `" + file + "`)")
                        .line("").line(after.since(before, size / 1e9)).line(JfrTop.summary(file, 12));
            }
        }
        Path file = workspace.root().resolve("profile-" + amiko.name().replace(' ', '-') + "-setup.jfr");
        ThreadCpu before = ThreadCpu.snapshot(amiko.pid());
        for (int i = 0; i < 100; i++) {
            ConnectionSetup.once(workspace, amiko);
        }
        ThreadCpu after = ThreadCpu.snapshot(amiko.pid());
        Jvm.startRecording(workspace.jcmd(), amiko.pid(), "setup");
        for (int i = 0; i < 100; i++) {
            ConnectionSetup.once(workspace, amiko);
        }
        Jvm.stopRecording(workspace.jcmd(), amiko.pid(), "setup", file);
        report.line("").line("#### connection setup, 100 x `ssh HOST true` (`" + file + "`)").line("")
                .line(after.since(before, 0)).line(JfrTop.summary(file, 15));
    }
}
