// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amiko.testkit.PeerProcess;

/**
 * Runs a peer in a private mount namespace ({@code unshare -m}, whose mounts do not propagate back)
 * in which the test's directories are bind-mounted over system paths. Some OpenSSH files have no
 * option to move them: ssh-keysign reads {@code /etc/ssh/ssh_config} and the host keys beside it,
 * and sshd reads {@code ~root/.shosts} for hostbased logins. Mounted over in the peer's namespace
 * only, the machine's own files are neither read nor touched. Needs root.
 */
final class PrivateMounts {
    private static final String UNSHARE = "/usr/bin/unshare";
    private final Map<Path, Path> mounts = new LinkedHashMap<>();

    /** Whether this machine lets us make a mount namespace (root, and no seccomp rule against it). */
    static boolean available() {
        if (!PeerProcess.available(UNSHARE)) {
            return false;
        }
        try {
            return PeerProcess.run(List.of(UNSHARE, "-m", "--propagation", "private", "true"), Duration.ofSeconds(20))
                    .exitCode() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Shows {@code source} at {@code target} to the commands wrapped from now on. */
    PrivateMounts bind(Path source, Path target) {
        mounts.put(source, target);
        return this;
    }

    /** {@code command}, run after the mounts in a namespace of its own (the same process: sh execs it). */
    List<String> wrap(List<String> command) {
        // private propagation said, not left to util-linux's default: no mount may reach the host's namespace
        List<String> line = new ArrayList<>(List.of(UNSHARE, "-m", "--propagation", "private", "/bin/sh", "-c",
                "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\" || exit 97; shift 2; done; shift; exec \"$@\"",
                "sh"));
        mounts.forEach((source, target) -> line.addAll(List.of(source.toString(), target.toString())));
        line.add("--");
        line.addAll(command);
        return line;
    }
}
