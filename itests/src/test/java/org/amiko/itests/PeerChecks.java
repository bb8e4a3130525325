// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.amiko.testkit.PeerProcess;

/**
 * The output of the python SFTP peers under {@code peers/}: one {@code ok NAME} or
 * {@code fail NAME: WHY} line per check. Every expected check must have passed.
 */
final class PeerChecks {
    private PeerChecks() {}

    static void assertAllPassed(List<String> expected, PeerProcess.Result result) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("ok ")) {
                passed.add(line.substring(3).strip());
            } else if (line.startsWith("fail ")) {
                failed.add(line.substring(5));
            }
        }
        assertEquals(List.of(), failed, result::toString);
        assertEquals(expected, passed, result::toString);
        assertEquals(0, result.exitCode(), result::toString);
    }
}
