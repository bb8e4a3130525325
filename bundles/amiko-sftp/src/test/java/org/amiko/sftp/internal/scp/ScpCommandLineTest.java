// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote command lines OpenSSH's {@code scp -O} and PuTTY's {@code pscp -scp} send. */
class ScpCommandLineTest {

    @Test
    void openSshUpload() {
        ScpCommandLine command = ScpCommandLine.parse("scp -r -p -d -t -- /srv/in");
        assertTrue(command.sink());
        assertTrue(command.recursive());
        assertTrue(command.preserve());
        assertTrue(command.targetIsDirectory());
        assertEquals(List.of("/srv/in"), command.paths());
    }

    @Test
    void puttyDownloadWithVerboseFlag() {
        ScpCommandLine command = ScpCommandLine.parse("scp -v -f a.txt 'b c.txt'");
        assertFalse(command.sink());
        assertFalse(command.recursive());
        assertEquals(List.of("a.txt", "b c.txt"), command.paths());
    }

    @Test
    void shellQuotingIsUndone() {
        assertEquals(List.of("scp", "-f", "it's here", "a b", "x\"y", "$HOME"),
                ScpCommandLine.words("scp -f 'it'\\''s here' a\\ b \"x\\\"y\" '$HOME'"));
        assertEquals(List.of("-dash"), ScpCommandLine.parse("scp -t -- -dash").paths(), "-- ends the options");
    }

    @Test
    void badCommandLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp /x"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -t -f /x"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -t a b"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -t"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -x -t a"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -t 'open"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("rm -t a"));
        assertThrows(IllegalArgumentException.class, () -> ScpCommandLine.parse("scp -t " + "a".repeat(70_000)));
    }
}
