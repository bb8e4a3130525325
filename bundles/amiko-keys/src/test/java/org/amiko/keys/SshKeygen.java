// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSH ssh-keygen; tests that need it are skipped where it is not installed. */
final class SshKeygen {
    static final Path BINARY = Path.of("/usr/bin/ssh-keygen");

    private SshKeygen() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "ssh-keygen is not installed at " + BINARY);
    }

    /** Runs ssh-keygen with the arguments, expects exit status 0 and returns standard output. */
    static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ssh-keygen did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "ssh-keygen " + arguments[0] + " failed: " + text);
        return text;
    }
}
