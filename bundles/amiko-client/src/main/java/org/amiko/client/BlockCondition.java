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

        /** The tag so far ({@code Tag}), or {@code ""} for none, as readconf.c matches {@code tagged} against it. */
        String tag() {
            List<String> tag = first.get("tag");
            return tag == null ? "" : tag.get(0);
        }

        /**
         * The tokens a {@code Match exec} command has, from what the blocks before it set, as
         * readconf.c expands them there: the port so far (22 by default), the user so far, the
         * host key alias so far (else, there, the host name so far), the ProxyJump so far.
         */
        ConfigTokens tokens() {
            List<String> port = first.get("port");
            int number = 22;
            if (port != null) {
                try {
                    number = SshConfig.port(port.get(0), "Port");
                } catch (IllegalArgumentException e) {
                    // a malformed port fails the lookup later, where it is read
                }
            }
            List<String> proxy = first.get("proxy");
            String jump = proxy != null && proxy.get(0).equals("proxyjump") && !proxy.get(1).equalsIgnoreCase("none")
                    ? proxy.get(1) : "";
            List<String> alias = first.get("hostkeyalias");
            String hostName = hostName();
            return new ConfigTokens(originalHost, hostName, number, user(), alias == null ? hostName : alias.get(0), jump);
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
     * perhaps negated with {@code !}, decided in order until one fails (so a command after a
     * failed criterion is not run): {@code host} (the host name so far, case ignored),
     * {@code originalhost} (the name asked for, case ignored), {@code user} (the user so far),
     * {@code localuser} and {@code tagged} (the {@code Tag} so far), each with a pattern list;
     * {@code exec} with a command ({@link MatchProbes}); {@code localnetwork} with addresses and
     * CIDR networks, one of which holds an address of an interface that is up;
     * {@code final} and {@code canonical}, which hold
     * in ssh's final pass, the one a {@code Match final}, or {@code CanonicalizeHostname yes},
     * asks for.
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
                // readconf.c's special case: with no tag, only an empty pattern matches
                case "tagged" -> lookup.tag().isEmpty() ? patterns.isEmpty() : PatternLists.matches(lookup.tag(), patterns);
                case "exec" -> MatchProbes.succeeds(patterns, lookup.tokens());
                case "localnetwork" -> MatchProbes.onLocalNetwork(patterns);
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
     * reader does not follow ({@code command}, {@code sessiontype}, {@code version}, ...) or the
     * line is malformed, with the reason added to {@code problems}.
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
                case "host", "originalhost", "user", "localuser", "tagged", "exec", "localnetwork" -> {
                    if (i + 1 == arguments.size()) {
                        problems.add(where + ": Match " + attribute + (attribute.equals("exec") ? " without a command"
                                : attribute.equals("localnetwork") ? " without networks" : " without patterns")
                                + "; the block never applies");
                        return new Never();
                    }
                    String argument = arguments.get(++i);
                    if (attribute.equals("localnetwork") && !PatternLists.isCidrList(argument)) {
                        problems.add(where + ": Match localnetwork " + argument
                                + " is not a list of addresses and networks; the block never applies");
                        return new Never();
                    }
                    criteria.add(new Criterion(attribute, negated, argument));
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
