// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's paramiko 2.12, the way its users most often use a server: {@code invoke_shell} on
 * bin/amiko with {@code shell = os}. The shell runs on a terminal of paramiko's size, Ctrl-C
 * interrupts it, a window change reaches it, and its exit status comes back
 * ({@code peers/paramiko_shell.py}).
 */
@Timeout(180)
class ParamikoShellTest {
    @TempDir
    Path work;

    @Test
    void invokeShellGetsATerminal() throws Exception {
        PeerChecks.passAgainstOsShell(work, "paramiko", "paramiko_shell.py", List.of("size", "ctrl-c", "window-change", "exit-status"));
    }
}
