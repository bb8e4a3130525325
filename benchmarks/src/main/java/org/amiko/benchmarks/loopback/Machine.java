// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The facts a benchmark figure needs beside it: when, on what, under which command. */
final class Machine {
    private Machine() {}

    static String describe(String arguments) {
        StringBuilder out = new StringBuilder();
        out.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n');
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(memory()).append(", kernel ").append(System.getProperty("os.version"))
                .append('\n');
        out.append("- JDK (harness, MINA and Amiko servers): ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" at ").append(System.getProperty("java.home"))
                .append('\n');
        out.append("- OpenSSH: ").append(sshVersion()).append('\n');
        out.append("- load average at start: ").append(loadAverage()).append('\n');
        out.append("- command: `benchmarks/run ").append(arguments).append("`\n");
        return out.toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB RAM";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown RAM";
    }

    private static String sshVersion() {
        try {
            return Children.run(List.of("ssh", "-V"), 10).strip();
        } catch (IOException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
