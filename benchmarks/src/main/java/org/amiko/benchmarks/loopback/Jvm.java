// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code jcmd} tells about a running JVM, and the JFR recordings the harness takes of one. */
public final class Jvm {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Jvm() {}

    /**
     * The heap in use right after a full collection ({@code GC.run}, then {@code GC.heap_info}): the
     * live heap, which is what sessions cost, unlike the heap's committed size.
     */
    public static long liveHeapBytes(Path jcmd, long pid) throws IOException, InterruptedException {
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"), 60);
        String info = Children.run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), 60);
        long used = heapUsedBytes(info);
        if (used < 0) {
            throw new IOException("no heap use in jcmd GC.heap_info: " + info);
        }
        return used;
    }

    /**
     * The heap's {@code used} in a {@code GC.heap_info} report, summed over its generations (G1
     * reports one heap line, the serial collector a young and a tenured generation), without the
     * metaspace and class space lines; -1 if there is none.
     */
    static long heapUsedBytes(String info) {
        long kib = -1;
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher used = USED.matcher(line);
            if (used.find()) {
                kib = Math.max(kib, 0) + Long.parseLong(used.group(1));
            }
        }
        return kib < 0 ? -1 : kib * 1024;
    }

    /**
     * Starts a JFR recording with the {@code profile} settings, Java samples every millisecond
     * instead of every 10 (a few seconds of transfer give thousands of samples, not hundreds).
     */
    public static void startRecording(Path jcmd, long pid, String name) throws IOException, InterruptedException {
        Path settings = fastSettings(jcmd);
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "JFR.start", "name=" + name, "settings=" + settings), 60);
    }

    /** The JDK's profile.jfc with a 1 ms Java sampling period, written once beside the JDK's choice. */
    static synchronized Path fastSettings(Path jcmd) throws IOException {
        Path profile = jcmd.getParent().getParent().resolve("lib/jfr/profile.jfc");
        Path fast = Path.of(System.getProperty("java.io.tmpdir"), "amiko-bench-" + Runtime.version().feature() + "-1ms.jfc");
        String text = Files.readString(profile);
        String faster = text.replaceFirst(
                "(?<head><event name=\"jdk.ExecutionSample\">\\s*<setting name=\"enabled\"[^<]*</setting>\\s*<setting name=\"period\"[^>]*>)10 ms",
                "${head}1 ms");
        Files.writeString(fast, faster);
        return fast;
    }

    /**
     * Starts and discards a recording, so that the next one measures compiled code. On JDK 17 the
     * first recording of a JVM deoptimises most of its compiled code ("Jvmti state change
     * invalidated dependencies" in JFR's own compilation failures), and for the next seconds the
     * hot paths run in the interpreter: in a recording of {@code bin/amiko} after 20,000
     * connections, 83% of the samples were of interpreted code, most of them Bouncy Castle's
     * {@code X25519Field.mul} and {@code sqr}. A second start in the same JVM does not do that.
     */
    public static void primeRecording(Path jcmd, long pid) throws IOException, InterruptedException {
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "JFR.start", "name=prime"), 60);
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "JFR.stop", "name=prime"), 60);
    }

    /** Writes the recording to {@code file} and stops it. */
    public static void stopRecording(Path jcmd, long pid, String name, Path file) throws IOException, InterruptedException {
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "JFR.dump", "name=" + name, "filename=" + file), 60);
        Children.run(List.of(jcmd.toString(), Long.toString(pid), "JFR.stop", "name=" + name), 60);
    }
}
