// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.amiko.keys.KeyFiles;
import org.amiko.testkit.PeerProcess;

/** PuTTY's key files for the PuTTY tests: a key written as OpenSSH's, converted by {@code puttygen}. */
final class Puttygen {
    static final String PUTTYGEN = "/usr/bin/puttygen";

    private Puttygen() {}

    /** {@code key} as {@code directory/name.ppk}, made by puttygen from an OpenSSH file beside it. */
    static Path ppk(Path directory, String name, KeyPair key) throws Exception {
        Path openSsh = directory.resolve(name);
        KeyFiles.writeOpenSsh(openSsh, key, "tester");
        Path ppk = directory.resolve(name + ".ppk");
        PeerProcess.Result converted = PeerProcess.run(List.of(PUTTYGEN, openSsh.toString(), "-O", "private", "-o",
                ppk.toString()), Duration.ofSeconds(30));
        assertEquals(0, converted.exitCode(), converted::toString);
        return ppk;
    }
}
