// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples the 1-minute load average every 5 s while the harness runs: on a shared machine the
 * figures mean little without it (other builds compete for the same two cores).
 */
final class LoadWatch {
    private final List<Double> samples = new ArrayList<>();
    private final Thread thread;

    private LoadWatch() {
        thread = new Thread(this::watch, "load-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static LoadWatch start() {
        return new LoadWatch();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String first = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                    synchronized (samples) {
                        samples.add(Double.parseDouble(first));
                    }
                } catch (IOException | RuntimeException e) {
                    return;
                }
                Thread.sleep(5000);
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Stops sampling and describes the samples: min, median, max. */
    String stop() {
        thread.interrupt();
        synchronized (samples) {
            if (samples.isEmpty()) {
                return "not sampled";
            }
            List<Double> sorted = new ArrayList<>(samples);
            sorted.sort(null);
            return String.format(Locale.ROOT, "min %.2f, median %.2f, max %.2f over %d samples", sorted.get(0),
                    Report.median(sorted), sorted.get(sorted.size() - 1), sorted.size());
        }
    }
}
