// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's AsyncSSH sends signals ({@code send_signal}, {@code terminate}: RFC 4254 section 6.9)
 * to commands of bin/amiko with {@code shell = os}, with and without a terminal, as sshd takes
 * them ({@code peers/asyncssh_signal.py}).
 */
@Timeout(180)
class SignalInteropTest {
    @TempDir
    Path work;

    @Test
    void asyncSshSignalsReachTheCommand() throws Exception {
        PeerChecks.passAgainstOsShell(work, "asyncssh", "asyncssh_signal.py",
                List.of("signal", "signal-on-terminal", "terminate"));
    }
}
