// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.amiko.keys.PatternLists;

/**
 * What decides whether a block of an ssh_config applies to a lookup: a {@code Host} line's
 * patterns, or a {@code Match} line's criteria (readconf.c {@code match_cfg_line}).
 */
sealed interface BlockCondition {

    /** Whether the block applies, given the name asked for and what the blocks before it set. */
    boolean test(Lookup lookup);

    /**
     * One pass of a lookup as far as it has come: the name asked for (ssh's original host), the
     * name {@code Host} lines match, whether this is ssh's final pass, and the first value of each
     * keyword so far, with how {@code HostName}'s {@code %h} is expanded. A condition is decided
     * once per pass, where its line stands, as readconf.c decides it: the blocks after an
     * {@code Include} share their line's condition, and a {@code HostName} set in between must not
     * change what {@code Match host} said.
     */
    final class Lookup {
        private final String originalHost;
        private final String hostLineName;
        private final boolean finalPass;
        private final Map<String, List<String>> first;
        private final Function<String, String> expandHostName;
        private final Map<BlockCondition, Boolean> decided = new IdentityHashMap<>();

        /**
         * @param hostLineName what {@code Host} lines match: the name asked for in the first pass,
         *     the host name it came to (lower case) in the final one, as ssh.c re-reads
         * @param finalPass whether this is ssh's final pass, where {@code Match final} and
         *     {@code Match canonical} hold
         */
        Lookup(String originalHost, String hostLineName, boolean finalPass, Map<String, List<String>> first,
                Function<String, String> expandHostName) {
            this.originalHost = originalHost;
            this.hostLineName = hostLineName;
            this.finalPass = finalPass;
            this.first = first;
            this.expandHostName = expandHostName;
        }

        /** Whether every condition holds, each decided the first time it is asked. */
        boolean all(List<BlockCondition> conditions) {
            return conditions.stream().allMatch(condition -> decided.computeIfAbsent(condition, c -> c.test(this)));
        }

        String originalHost() {
            return originalHost;
        }

        String hostLineName() {
            return hostLineName;
        }

        boolean finalPass() {
            return finalPass;
        }

        /** The host name so far: {@code HostName} with its {@code %h} expanded, else the name asked for. */
        String hostName() {
            List<String> hostName = first.get("hostname");
            return hostName == null ? originalHost : expandHostName.apply(hostName.get(0));
        }

        /** The user so far: {@code User}, else the local user, as readconf.c's {@code ruser}. */
        String user() {
            List<String> user = first.get("user");
            return user == null ? System.getProperty("user.name") : user.get(0);
        }
    }

    /**
     * A {@code Host} line: one of its patterns matches the name asked for (in ssh's final pass, the
     * host name it came to) and no negated one does (readconf.c, match.c {@code match_pattern}: case
     * kept).
     */
    record HostLine(List<String> patterns) implements BlockCondition {
        @Override
        public boolean test(Lookup lookup) {
            boolean matched = false;
            for (String pattern : patterns) {
                boolean negated = pattern.startsWith("!");
                if (PatternLists.matchesPattern(lookup.hostLineName(), negated ? pattern.substring(1) : pattern)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }
    }

    /**
     * A {@code Match} line this reader follows: {@code all}, or criteria that must all hold, each
     * perhaps negated with {@code !}: {@code host} (the host name so far, case ignored),
     * {@code originalhost} (the name asked for, case ignored), {@code user} (the user so far) and
     * {@code localuser}, each with a pattern list; {@code final} and {@code canonical}, which hold
     * in ssh's final pass (this reader does not canonicalize host names, so that pass is the one
     * a {@code Match final}, or {@code CanonicalizeHostname yes}, asks for).
     */
    record MatchCriteria(List<Criterion> criteria) implements BlockCondition {
        @Override
        public boolean test(Lookup lookup) {
            return criteria.stream().allMatch(criterion -> criterion.holds(lookup));
        }

    }

    /** One criterion of a {@code Match} line. */
    record Criterion(String attribute, boolean negated, String patterns) {
        boolean holds(Lookup lookup) {
            boolean matches = switch (attribute) {
                case "all" -> true;
                case "final", "canonical" -> lookup.finalPass();
                case "host" -> PatternLists.matchesHostname(lookup.hostName(), patterns);
                case "originalhost" -> PatternLists.matchesHostname(lookup.originalHost(), patterns);
                case "user" -> PatternLists.matches(lookup.user(), patterns);
                case "localuser" -> PatternLists.matches(System.getProperty("user.name"), patterns);
                default -> throw new IllegalStateException(attribute);
            };
            return matches != negated;
        }
    }

    /** A block that never applies: a {@code Match} line with a criterion this reader does not follow. */
    record Never() implements BlockCondition {
        @Override
        public boolean test(Lookup lookup) {
            return false;
        }
    }

    /**
     * The condition of a {@code Match} line's arguments; {@link Never} when a criterion is one this
     * reader does not follow ({@code exec}, {@code localnetwork}, {@code tagged}, ...) or the line
     * is malformed, with the reason added to {@code problems}.
     */
    static BlockCondition match(List<String> arguments, String where, List<String> problems) {
        List<Criterion> criteria = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String word = arguments.get(i).toLowerCase(Locale.ROOT);
            boolean negated = word.startsWith("!");
            String attribute = negated ? word.substring(1) : word;
            switch (attribute) {
                case "all" -> {
                    // readconf.c: all comes last, after nothing or one canonical or final
                    boolean alone = i == arguments.size() - 1 && (i == 0 || i == 1
                            && List.of("canonical", "final").contains(arguments.get(0).toLowerCase(Locale.ROOT)));
                    if (!alone) {
                        problems.add(where + ": Match all cannot be combined with other criteria; the block never applies");
                        return new Never();
                    }
                    criteria.add(new Criterion(attribute, negated, null));
                }
                case "final", "canonical" -> criteria.add(new Criterion(attribute, negated, null));
                case "host", "originalhost", "user", "localuser" -> {
                    if (i + 1 == arguments.size()) {
                        problems.add(where + ": Match " + attribute + " without patterns; the block never applies");
                        return new Never();
                    }
                    criteria.add(new Criterion(attribute, negated, arguments.get(++i)));
                }
                default -> {
                    problems.add(where + ": Match " + attribute + " is not supported; the block never applies");
                    return new Never();
                }
            }
        }
        if (criteria.isEmpty()) {
            problems.add(where + ": Match without criteria; the block never applies");
            return new Never();
        }
        return new MatchCriteria(List.copyOf(criteria));
    }
}
