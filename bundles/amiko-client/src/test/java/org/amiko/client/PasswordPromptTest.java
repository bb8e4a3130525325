// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.amiko.Prompt;
import org.junit.jupiter.api.Test;

/** The password goes once, to one prompt that does not echo; anything else gets empty answers. */
class PasswordPromptTest {
    @Test
    void thePasswordGoesOnceToAHiddenPromptAlone() {
        PasswordPrompt prompt = new PasswordPrompt("secret");
        assertEquals(List.of(), prompt.respond("", "", List.of()), "an empty round");
        assertEquals(List.of(""), prompt.respond("", "", List.of(new Prompt("Login: ", true))), "an echoed question");
        assertEquals(List.of("", ""), prompt.respond("", "", List.of(new Prompt("Password: ", false),
                new Prompt("Code: ", false))), "two at once: a second factor too");
        assertEquals(List.of("secret"), prompt.respond("", "", List.of(new Prompt("Password: ", false))));
        assertEquals(List.of(""), prompt.respond("", "", List.of(new Prompt("Verification code: ", false))),
                "not again, to whatever asks next");
    }
}
