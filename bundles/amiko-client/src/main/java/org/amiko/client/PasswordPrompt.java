// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.ArrayList;
import java.util.List;
import org.amiko.InteractiveHandler;
import org.amiko.Prompt;

/**
 * Keyboard-interactive (RFC 4256) answered with a password, for servers that ask for it only that
 * way (PAM behind sshd's {@code KbdInteractiveAuthentication}, many appliances), as paramiko's
 * password fallback answers: the password goes once, to a round of one prompt that does not
 * echo. Any other prompt (a second factor, a question that echoes) gets an empty answer, which
 * fails that round, and an empty round an empty answer, as RFC 4256 section 3.4 allows.
 */
final class PasswordPrompt implements InteractiveHandler {
    private final String password;
    private boolean answered;

    PasswordPrompt(String password) {
        this.password = password;
    }

    @Override
    public List<String> respond(String name, String instruction, List<Prompt> prompts) {
        List<String> answers = new ArrayList<>();
        for (Prompt prompt : prompts) {
            boolean isThePassword = !answered && prompts.size() == 1 && !prompt.echo();
            answered |= isThePassword;
            answers.add(isThePassword ? password : "");
        }
        return answers;
    }
}
