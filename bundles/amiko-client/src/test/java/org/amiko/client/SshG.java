// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** For tests: OpenSSH's own reading of a configuration file, {@code ssh -G -F FILE HOST}. */
final class SshG {
    private static final Path SSH = Path.of("/usr/bin/ssh");

    private SshG() {}

    /** Skips the rest of a test where OpenSSH's client is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(SSH), "OpenSSH client not installed");
    }

    /** The lines {@code ssh -G} prints for {@code host}; none when it refuses the file. */
    static List<String> lines(Path file, String host) throws IOException, InterruptedException {
        Process ssh = start(file, host).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ssh.getOutputStream().close();
        List<String> lines = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
        return lines;
    }

    /** Each keyword {@code ssh -G} prints for {@code host} with its (first) value. */
    static Map<String, String> values(Path file, String host) throws IOException, InterruptedException {
        Map<String, String> values = new HashMap<>();
        for (String line : lines(file, host)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                values.putIfAbsent(line.substring(0, space), line.substring(space + 1));
            }
        }
        return values;
    }

    /** {@code ssh -G}'s exit status for {@code host}: 255 when it refuses the file. */
    static int exitStatus(Path file, String host) throws IOException, InterruptedException {
        Process ssh = start(file, host).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ssh.getOutputStream().close();
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
        return ssh.exitValue();
    }

    private static ProcessBuilder start(Path file, String host) {
        return new ProcessBuilder(SSH.toString(), "-G", "-F", file.toString(), host);
    }
}
