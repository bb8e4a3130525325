// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.List;

/** Answers keyboard-interactive prompts for the client (RFC 4256 section 3.3). */
@FunctionalInterface
public interface InteractiveHandler {
    /**
     * @return one response per prompt, in order (an empty prompt list needs an empty answer)
     */
    List<String> respond(String name, String instruction, List<Prompt> prompts);
}
