// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a client sends that ends up in the terminal's wrapper script cannot become shell syntax:
 * the command and the shells are single-quoted ({@link PseudoTerminal#quoted}), and the terminal
 * modes become words of a fixed table or hex numbers ({@link TerminalModes}). Random text, with
 * every character the shell gives a meaning, must come out of {@code /bin/sh} exactly as it went in.
 */
class ShellQuotingTest {
    private static final String SPECIAL = "'\"$`\\!*?;&|<>(){}[]~#%^= \t\n\r-";
    private static final Pattern STTY_WORD = Pattern.compile("-?[a-z0-9]+|0x[0-9a-f]{2}|undef");

    @Test
    void quotedTextReachesTheShellUnchanged() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 60; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                int kind = random.nextInt(4);
                text.append(kind == 0 ? (char) (0x80 + random.nextInt(0x700)) : kind == 1 ? (char) ('a' + random.nextInt(26))
                        : SPECIAL.charAt(random.nextInt(SPECIAL.length())));
            }
            String expected = text.toString();
            Process shell = new ProcessBuilder("/bin/sh", "-c", "printf %s " + PseudoTerminal.quoted(expected))
                    .redirectErrorStream(true).start();
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, shell.waitFor(), out);
            assertEquals(expected, out, "round " + round);
        }
    }

    @Test
    void terminalModesBecomeFixedWordsWhateverTheClientSends() {
        Random random = new Random(12);
        for (int round = 0; round < 100_000; round++) {
            byte[] modes = new byte[random.nextInt(80)];
            random.nextBytes(modes);
            if (random.nextBoolean()) {
                // opcodes sshd knows, so that most streams get past the first one
                for (int at = 0; at < modes.length; at += 5) {
                    modes[at] = (byte) (1 + random.nextInt(160));
                }
            }
            for (String word : TerminalModes.sttyArguments(modes)) {
                assertTrue(STTY_WORD.matcher(word).matches(), word);
            }
        }
    }
}
