// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

import java.util.List;
import org.amiko.Prompt;

/** A keyboard-interactive info request the server sends (RFC 4256 section 3.2). */
public record InteractiveQuery(String name, String instruction, List<Prompt> prompts) {
    public InteractiveQuery {
        prompts = List.copyOf(prompts);
    }
}
