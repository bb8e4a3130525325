// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few command lines the harness sends, served inside the server's JVM instead of by a shell, so
 * a Java server's figures hold the SSH stack and nothing else: {@code true}, {@code cat > /dev/null}
 * (drain), {@code wc -c} (drain and count, so the client can check the byte count) and
 * {@code head -c N /dev/zero} (generate). The same lines run unchanged on OpenSSH's and the Amiko
 * runtime's {@code /bin/sh}.
 */
public final class InProcessCommand {
    private static final Pattern GENERATE = Pattern.compile("head -c (\\d+) /dev/zero");
    private static final Pattern SLEEP = Pattern.compile("sleep (\\d+)");
    /** Larger than a channel packet, so the stack, not this loop, decides the packet size. */
    private static final int CHUNK = 256 * 1024;

    private InProcessCommand() {}

    /** Whether {@code command} is one of those served here. */
    public static boolean serves(String command) {
        String line = command.strip();
        return line.equals("true") || line.equals("cat > /dev/null") || line.equals("wc -c")
                || GENERATE.matcher(line).matches() || SLEEP.matcher(line).matches();
    }

    /** Runs {@code command} on the channel's streams and returns its exit status. */
    public static int run(String command, InputStream in, OutputStream out, OutputStream err) throws IOException {
        String line = command.strip();
        Matcher generate = GENERATE.matcher(line);
        Matcher sleep = SLEEP.matcher(line);
        if (line.equals("true")) {
            return 0;
        } else if (line.equals("cat > /dev/null")) {
            drain(in);
            return 0;
        } else if (line.equals("wc -c")) {
            long count = drain(in);
            out.write((count + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return 0;
        } else if (generate.matches()) {
            long left = Long.parseLong(generate.group(1));
            byte[] zeros = new byte[CHUNK];
            while (left > 0) {
                int count = (int) Math.min(left, zeros.length);
                out.write(zeros, 0, count);
                left -= count;
            }
            out.flush();
            return 0;
        } else if (sleep.matches()) {
            try {
                Thread.sleep(Long.parseLong(sleep.group(1)) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
        err.write(("not served in process: " + command + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        return 127;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int count;
        while ((count = in.read(buffer)) >= 0) {
            total += count;
        }
        return total;
    }
}
