// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's Java execution samples for the README: the top frames by self time,
 * the Amiko frames nearest the top of each sample (who called into the JDK code that burns the
 * CPU), and the busiest threads. Samples are of threads running Java code; time in the kernel
 * (socket writes, pipe reads) shows as the Java frame that made the call.
 */
public final class JfrTop {
    private JfrTop() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: jfr-top RECORDING [N]");
        }
        System.out.print(summary(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }

    /** Markdown: three small tables of the top {@code limit} entries. */
    public static String summary(Path recording, int limit) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> amiko = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        int interpreted = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = stack.getFrames();
            if ("Interpreted".equals(frames.get(0).getType())) {
                interpreted++;
            }
            self.merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("org.amiko.")) {
                    amiko.merge(name(frame), 1, Integer::sum);
                    break;
                }
            }
            Object thread = event.getValue("sampledThread");
            String threadName = thread instanceof jdk.jfr.consumer.RecordedThread recorded ? recorded.getJavaName() : "?";
            threads.merge(threadName == null ? "?" : threadName.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        // a profile taken while the JIT recompiles what a recording's start deoptimised shows the
        // interpreter's cost, not the compiled code's (Jvm.primeRecording): this says how much
        out.append(String.format(Locale.ROOT, "%d Java execution samples, %.1f%% of them in interpreted code.%n%n", total,
                100.0 * interpreted / Math.max(1, total)));
        table(out, "top frames by self time", self, total, limit);
        table(out, "nearest Amiko frame", amiko, total, limit);
        table(out, "threads", threads, total, Math.min(limit, 8));
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Map<String, Integer> counts, int total, int limit) {
        out.append("| ").append(title).append(" | samples | % |\n|---|---|---|\n");
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f |%n", entry.getKey(), entry.getValue(),
                    100.0 * entry.getValue() / Math.max(1, total)));
        }
        out.append('\n');
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
