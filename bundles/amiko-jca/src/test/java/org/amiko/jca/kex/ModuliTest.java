// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.GroupExchangeAlgorithm.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moduli file as sshd reads it: the lines parse_prime takes, the size choose_dh picks, a group
 * at random among that size, the file read again when it changes, and the built-in groups when
 * the file has nothing that fits.
 */
class ModuliTest {
    @TempDir
    Path directory;

    /** A moduli(5) line for {@code prime}: size as bits - 1, as ssh-keygen writes it. */
    private static String line(int type, int tests, int tries, BigInteger prime, int generator) {
        return "20260101000000 " + type + " " + tests + " " + tries + " " + (prime.bitLength() - 1) + " "
                + Integer.toHexString(generator) + " " + prime.toString(16).toUpperCase() + "\n";
    }

    private GroupExchangeAlgorithm withFile(Path file) {
        return new GroupExchangeDh("diffie-hellman-group-exchange-sha256", "SHA-256", file) {
        };
    }

    @Test
    void onlyTheLinesSshdTakesAreKept() {
        BigInteger p = ModpGroup.GROUP14.prime();
        List<Group> groups = Moduli.parse(List.of("# Time Type Tests Tries Size Generator Modulus",
                line(2, 6, 100, p, 2).strip(), line(2, 6, 100, p, 5).strip(),
                line(1, 6, 100, p, 2).strip(), // not a safe prime
                line(2, 7, 100, p, 2).strip(), // found composite
                line(2, 0, 100, p, 2).strip(), // no test passed
                line(2, 6, 0, p, 2).strip(), // never tried
                line(2, 6, 100, p, 2).strip().replace(" 2047 ", " 2046 "), // the size is not the prime's
                line(2, 6, 100, p.add(BigInteger.ONE), 2).strip(), // even
                "20260101000000 2 6 100 2047 2 NOTHEX", "garbage"));
        assertEquals(List.of(new Group(p, BigInteger.TWO), new Group(p, BigInteger.valueOf(5))), groups);
    }

    @Test
    void theBestSizeIsChosenAndAGroupOfItAtRandom() throws Exception {
        Path file = directory.resolve("moduli");
        Files.writeString(file, line(2, 6, 100, ModpGroup.GROUP14.prime(), 2) + line(2, 6, 100, ModpGroup.GROUP14.prime(), 5)
                + line(2, 6, 100, ModpGroup.GROUP16.prime(), 2));
        GroupExchangeAlgorithm gex = withFile(file);
        Set<BigInteger> generators = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            Group chosen = gex.chooseGroup(2048, 2048, 8192);
            assertEquals(ModpGroup.GROUP14.prime(), chosen.prime());
            generators.add(chosen.generator());
        }
        assertEquals(Set.of(BigInteger.TWO, BigInteger.valueOf(5)), generators, "both 2048-bit groups, at random");
        assertEquals(4096, gex.chooseGroup(2048, 3072, 8192).prime().bitLength(), "the smallest above");
        assertEquals(8192, gex.chooseGroup(8000, 8192, 8192).prime().bitLength(), "nothing in the file: built in");

        Files.writeString(file, line(2, 6, 100, ModpGroup.GROUP18.prime(), 5));
        Group reread = gex.chooseGroup(2048, 2048, 8192);
        assertEquals(ModpGroup.GROUP18.prime(), reread.prime(), "the file is read again when it changes");
        assertEquals(BigInteger.valueOf(5), reread.generator());
    }

    @Test
    void aFileOverFourMebibytesOrNoRegularFileIsNotRead() throws Exception {
        Path file = directory.resolve("moduli");
        String group = line(2, 6, 100, ModpGroup.GROUP14.prime(), 5);
        Files.writeString(file, group + "#".repeat(4 << 20) + "\n");
        GroupExchangeAlgorithm gex = withFile(file);
        assertEquals(BigInteger.TWO, gex.chooseGroup(2048, 2048, 8192).generator(), "too large: the built-in group");
        Files.writeString(file, group);
        assertEquals(BigInteger.valueOf(5), gex.chooseGroup(2048, 2048, 8192).generator(), "the same file, small again");
        assertEquals(BigInteger.TWO, withFile(directory).chooseGroup(2048, 2048, 8192).generator(), "a directory");
    }

    @Test
    void aFileThatCannotBeReadIsReportedOnceNotAtEveryKeyExchange() throws Exception {
        // "moduli/inside" cannot even be stat'ed when moduli is a regular file (ENOTDIR)
        Path file = Files.writeString(directory.resolve("moduli"), "").resolve("inside");
        java.util.List<String> warnings;
        try (org.amiko.testkit.LogRecorder log = org.amiko.testkit.LogRecorder.start("org.amiko.jca")) {
            GroupExchangeAlgorithm gex = withFile(file);
            for (int i = 0; i < 3; i++) {
                assertEquals(ModpGroup.GROUP14.prime(), gex.chooseGroup(2048, 2048, 8192).prime(), "the built-in group");
            }
            warnings = log.messages(java.util.logging.Level.WARNING).stream()
                    .filter(message -> message.contains("moduli")).toList();
        }
        assertEquals(1, warnings.size(), warnings::toString);
    }

    @Test
    void withoutAFileTheBuiltInGroupsServe() {
        GroupExchangeAlgorithm gex = withFile(directory.resolve("none"));
        assertEquals(ModpGroup.GROUP16.prime(), gex.chooseGroup(2048, 3072, 8192).prime());
        assertTrue(withFile(null).chooseGroup(2048, 8192, 8192).prime().equals(ModpGroup.GROUP18.prime()));
    }
}
