// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short helper program the server runs for a session ({@code stty} for a window change,
 * {@code kill} for a signal): no input, its output dropped, waited for at most a few seconds.
 */
final class QuietCommand {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private static final File NO_INPUT = new File("/dev/null");
    private static final long SECONDS = 5;

    private QuietCommand() {}

    /** Runs {@code command}; returns whether it exited 0 in time. Why not goes to the debug log, as {@code what}. */
    static boolean succeeds(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.log(Level.DEBUG, () -> what + ": " + command.get(0) + " did not finish");
                return false;
            }
            if (process.exitValue() != 0) {
                LOG.log(Level.DEBUG, () -> what + ": " + command.get(0) + " exit " + process.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> what + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
