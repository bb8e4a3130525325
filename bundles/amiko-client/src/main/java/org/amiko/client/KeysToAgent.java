// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.amiko.core.TimeSpec;

/**
 * ssh_config's {@code AddKeysToAgent}: whether a key read from a file and used to log in is given
 * to the agent, to be kept there {@code lifetime} ({@link Duration#ZERO} for ever) and, with
 * {@code confirm}, used only once its user agrees each time. {@code yes}, {@code no},
 * {@code confirm}, {@code ask} (no here: nobody is there to ask), a time (yes, for that long),
 * or {@code confirm} and a time, as readconf.c reads them.
 */
record KeysToAgent(boolean add, boolean confirm, Duration lifetime) {
    static final KeysToAgent NO = new KeysToAgent(false, false, Duration.ZERO);

    /**
     * The setting's words; null (not set) is {@code no}.
     *
     * @throws IllegalArgumentException for words readconf.c refuses
     */
    static KeysToAgent parse(List<String> words) {
        if (words == null) {
            return NO;
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        if (words.size() == 2 && !first.equals("confirm") || words.size() > 2) {
            throw new IllegalArgumentException("AddKeysToAgent " + String.join(" ", words)
                    + ": only confirm takes a time after it");
        }
        return switch (first) {
            case "no", "false", "ask" -> NO;
            case "yes", "true" -> new KeysToAgent(true, false, Duration.ZERO);
            case "confirm" -> new KeysToAgent(true, true, words.size() == 2
                    ? Duration.ofSeconds(TimeSpec.seconds(words.get(1), "AddKeysToAgent")) : Duration.ZERO);
            default -> new KeysToAgent(true, false, Duration.ofSeconds(TimeSpec.seconds(words.get(0), "AddKeysToAgent")));
        };
    }
}
