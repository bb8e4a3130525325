// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.amiko.spi.wire.PeerText;

/**
 * The {@code authenticationMethods} setting, as sshd_config(5)'s {@code AuthenticationMethods}:
 * {@code any} (or nothing) lets one method in; otherwise space-separated lists of comma-separated
 * method names, each list to be completed in its order, any one list sufficing
 * ({@code publickey,password publickey,gssapi-with-mic} asks for a key and then a password or a
 * Kerberos ticket). Only the methods the appliance serves may be named.
 */
final class AuthenticationMethods {
    /** What the appliance can authenticate with. */
    static final Set<String> SERVED = Set.of("publickey", "password", "keyboard-interactive", "gssapi-with-mic",
            "hostbased");

    private AuthenticationMethods() {}

    /**
     * The lists, or none for {@code any}.
     *
     * @throws IllegalArgumentException for an empty list or a method the appliance does not serve
     */
    static List<List<String>> parse(String setting) {
        String text = setting == null ? "" : setting.strip();
        if (text.isEmpty() || text.equals("any")) {
            return List.of();
        }
        List<List<String>> lists = new ArrayList<>();
        for (String list : text.split("\\s+")) {
            List<String> methods = List.of(list.split(",", -1));
            for (String method : methods) {
                if (!SERVED.contains(method)) {
                    throw new IllegalArgumentException("authenticationMethods: " + (method.isEmpty() ? "an empty method"
                            : "no method " + PeerText.printable(method, 64)) + " in " + PeerText.printable(list, 128)
                            + "; the methods are " + String.join(", ", SERVED.stream().sorted().toList()));
                }
            }
            lists.add(methods);
        }
        return List.copyOf(lists);
    }

    /**
     * Checks that {@code lists} ask for a one-time code only after another method: six digits
     * alone, taken for three steps at once, fall to a guesser within hours of connections.
     *
     * @throws IllegalArgumentException if a code could be the first or only factor
     */
    static void requireCodeAsSecondFactor(List<List<String>> lists) {
        if (lists.isEmpty() || lists.stream().anyMatch(list -> list.get(0).equals("keyboard-interactive"))) {
            throw new IllegalArgumentException("oneTimePasswords needs authenticationMethods to ask for the code after "
                    + "another method, as publickey,keyboard-interactive does: a 6-digit code alone is guessable");
        }
    }
}
