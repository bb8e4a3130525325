// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks;

import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.amiko.benchmarks.jmh.PacketBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH with the usual command line, with short defaults that suit a shared 2-core machine
 * (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement) where the command line says nothing, then prints
 * the packet benchmarks as MB/s, the unit the loopback harness speaks.
 */
final class JmhRun {
    private JmhRun() {}

    static void main(String[] args) throws CommandLineOptionException, RunnerException {
        CommandLineOptions command = new CommandLineOptions(args);
        if (command.shouldHelp() || command.shouldList() || command.shouldListWithParams()
                || command.shouldListProfilers() || command.shouldListResultFormats()) {
            // JMH's own Main prints these
            try {
                org.openjdk.jmh.Main.main(args);
            } catch (IOException e) {
                throw new RunnerException(e);
            }
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(command);
        if (!command.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!command.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!command.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!command.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!command.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        summary(results);
    }

    private static void summary(Collection<RunResult> results) {
        Map<String, String> packetRows = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            if (!name.startsWith(PacketBenchmark.class.getName() + ".")) {
                continue;
            }
            String operation = name.substring(name.lastIndexOf('.') + 1);
            String suite = result.getParams().getParam("suite");
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            double megabytes = opsPerSecond * PacketBenchmark.PAYLOAD / 1e6;
            double errorMegabytes = Double.isNaN(error) ? 0 : error * PacketBenchmark.PAYLOAD / 1e6;
            packetRows.merge(suite, String.format(Locale.ROOT, "%s %8.0f ± %5.0f", operation, megabytes,
                    errorMegabytes), (a, b) -> a.compareTo(b) < 0 ? a + " | " + b : b + " | " + a);
        }
        if (!packetRows.isEmpty()) {
            System.out.println();
            System.out.println("32 KiB packets, MB/s (1 MB = 10^6 bytes), one core:");
            packetRows.forEach((suite, row) -> System.out.printf(Locale.ROOT, "  %-46s %s%n", suite, row));
        }
    }
}
