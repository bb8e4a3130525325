// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.List;

/**
 * The two sides have no algorithm in common for one family (RFC 4253 section 7.1). The message
 * lists both offers, so an operator can see what to enable.
 */
public class AlgorithmNegotiationException extends SshException {
    private static final long serialVersionUID = 1L;

    private final AlgorithmFamily family;
    private final List<String> ours;
    private final List<String> theirs;

    public AlgorithmNegotiationException(AlgorithmFamily family, List<String> ours, List<String> theirs) {
        super("no matching " + family.label() + " algorithm: we offer " + String.join(",", ours)
                + "; peer offers " + String.join(",", theirs));
        this.family = family;
        this.ours = List.copyOf(ours);
        this.theirs = List.copyOf(theirs);
    }

    public AlgorithmFamily getFamily() {
        return family;
    }

    public List<String> getOurs() {
        return ours;
    }

    public List<String> getTheirs() {
        return theirs;
    }
}
