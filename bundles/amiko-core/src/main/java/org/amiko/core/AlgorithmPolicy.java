// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.amiko.AlgorithmFamily;
import org.amiko.core.internal.Wildcards;
import org.amiko.spi.SecurityLevel;

/**
 * Which algorithms to offer, per family, written as OpenSSH writes {@code Ciphers}, {@code MACs},
 * {@code KexAlgorithms} and friends (ssh_config(5)): a plain comma-separated list replaces the
 * default set; {@code +list} appends to it; {@code -list} removes from it; {@code ^list} puts the
 * names first. Names may hold the wildcards {@code *} and {@code ?}, which reach the recommended
 * and legacy algorithms installed; an insecure one is offered only when named exactly. The default
 * set is the catalog's recommended algorithms in preference order.
 *
 * <p>Besides the KEXINIT families, a policy holds the signature algorithms of publickey authentication
 * ({@link #setPublicKey}, sshd's and ssh's {@code PubkeyAcceptedAlgorithms}), in the same syntax
 * against the same default set as the host key algorithms.
 *
 * <p>A policy is evaluated against the catalog at each KEXINIT, so it may name algorithms whose
 * plug-in is not installed yet: they are offered from the handshake after it arrives. Shared by all
 * connections of a server and safe to change while they run.
 */
public final class AlgorithmPolicy {
    private final Map<AlgorithmFamily, String> specs = new EnumMap<>(AlgorithmFamily.class);
    /** The user authentication list's specification; null for the host key list. */
    private String publicKeySpec;

    /** A policy that offers every family's defaults. */
    public AlgorithmPolicy() {}

    /**
     * Sets one family's specification; null or blank returns to the default set.
     *
     * @throws IllegalArgumentException if the specification is malformed (an empty name, a name with
     *     characters RFC 4251 section 6 forbids)
     */
    public synchronized AlgorithmPolicy set(AlgorithmFamily family, String spec) {
        String checked = checked(family.label(), spec);
        if (checked == null) {
            specs.remove(family);
        } else {
            specs.put(family, checked);
        }
        return this;
    }

    /**
     * Sets the signature algorithms publickey authentication may use (RFC 4252 section 7): those
     * a server accepts from users' keys and lists in {@code server-sig-algs} (RFC 8308 section
     * 3.1), those a client signs with. The syntax is {@link #set}'s, and its default set is the
     * host key algorithms' (the catalog's recommended ones, certificates included). Null or blank
     * returns to {@link #names names(HOST_KEY)}: whatever the host key list says, as before this
     * list existed.
     *
     * @throws IllegalArgumentException if the specification is malformed
     * @since 1.3
     */
    public synchronized AlgorithmPolicy setPublicKey(String spec) {
        publicKeySpec = checked("public key", spec);
        return this;
    }

    /**
     * The user authentication list's specification, or null when it follows the host key list.
     *
     * @since 1.3
     */
    public synchronized String getPublicKey() {
        return publicKeySpec;
    }

    /**
     * The signature algorithms publickey authentication may use, from {@code catalog}, in order: only
     * installed algorithms appear.
     *
     * @since 1.3
     */
    public List<String> publicKeyNames(AlgorithmCatalog catalog) {
        String spec = getPublicKey();
        return spec == null ? names(AlgorithmFamily.HOST_KEY, catalog)
                : evaluate(spec, AlgorithmFamily.HOST_KEY, catalog);
    }

    /** A specification trimmed, or null for the default set; {@code what} names the list in errors. */
    private static String checked(String what, String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String trimmed = spec.trim();
        String body = "+-^".indexOf(trimmed.charAt(0)) >= 0 ? trimmed.substring(1) : trimmed;
        for (String name : body.split(",", -1)) {
            String stripped = name.trim();
            if (stripped.isEmpty() || !WireNames.isValid(stripped.replace('*', 'x').replace('?', 'x'))) {
                throw new IllegalArgumentException("invalid " + what + " list '" + spec + "': bad name '"
                        + name + "'");
            }
        }
        return trimmed;
    }

    /** The specification of a family, or null for the default set. */
    public synchronized String get(AlgorithmFamily family) {
        return specs.get(family);
    }

    /** The names to offer from {@code catalog}, in order: only installed algorithms appear. */
    public List<String> names(AlgorithmFamily family, AlgorithmCatalog catalog) {
        String spec = get(family);
        return spec == null ? catalog.defaultNames(family) : evaluate(spec, family, catalog);
    }

    /** What {@code spec} gives in {@code family} against the catalog's default set. */
    private static List<String> evaluate(String spec, AlgorithmFamily family, AlgorithmCatalog catalog) {
        List<String> defaults = catalog.defaultNames(family);
        Installed names = Installed.of(catalog, family);
        char mode = spec.charAt(0);
        List<String> patterns = split(mode == '+' || mode == '-' || mode == '^' ? spec.substring(1) : spec);
        LinkedHashSet<String> result = new LinkedHashSet<>();
        switch (mode) {
            case '+' -> {
                result.addAll(defaults);
                result.addAll(names.offered(patterns));
            }
            case '-' -> {
                List<String> removed = matching(patterns, names.all());
                defaults.stream().filter(name -> !removed.contains(name)).forEach(result::add);
            }
            case '^' -> {
                result.addAll(names.offered(patterns));
                result.addAll(defaults);
            }
            default -> result.addAll(names.offered(patterns));
        }
        return List.copyOf(result);
    }

    /** The names of {@code spec} that match nothing in the catalog, for warnings to operators. */
    public List<String> unknownNames(AlgorithmFamily family, AlgorithmCatalog catalog) {
        return unknown(get(family), family, catalog);
    }

    /**
     * The names of the user authentication list that match nothing in the catalog.
     *
     * @since 1.3
     */
    public List<String> unknownPublicKeyNames(AlgorithmCatalog catalog) {
        return unknown(getPublicKey(), AlgorithmFamily.HOST_KEY, catalog);
    }

    private static List<String> unknown(String spec, AlgorithmFamily family, AlgorithmCatalog catalog) {
        if (spec == null) {
            return List.of();
        }
        Installed names = Installed.of(catalog, family);
        List<String> unknown = new ArrayList<>();
        boolean removing = spec.charAt(0) == '-';
        for (String pattern : split("+-^".indexOf(spec.charAt(0)) >= 0 ? spec.substring(1) : spec)) {
            List<String> reached = removing ? matching(List.of(pattern), names.all()) : names.offered(List.of(pattern));
            if (reached.isEmpty()) {
                unknown.add(pattern);
            }
        }
        return unknown;
    }

    /**
     * A family's installed names, and those a wildcard reaches: not the insecure ones, so that
     * {@code diffie-hellman-group*} or {@code *-cbc} written before such an algorithm was installed
     * does not start offering it ({@code 3des-cbc}, a 1024-bit group). OpenSSH's wildcards reach
     * every algorithm it was built with; here insecure ones must be named exactly.
     */
    private record Installed(List<String> all, List<String> wildcardable) {
        static Installed of(AlgorithmCatalog catalog, AlgorithmFamily family) {
            List<String> all = new ArrayList<>();
            List<String> wildcardable = new ArrayList<>();
            for (AlgorithmCatalog.Entry entry : catalog.entries(family)) {
                all.add(entry.name());
                if (entry.security() != SecurityLevel.INSECURE) {
                    wildcardable.add(entry.name());
                }
            }
            return new Installed(all, wildcardable);
        }

        /** What {@code patterns} offer: an exact name any installed algorithm, a wildcard the others. */
        List<String> offered(List<String> patterns) {
            LinkedHashSet<String> found = new LinkedHashSet<>();
            for (String pattern : patterns) {
                boolean wildcard = pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
                found.addAll(matching(List.of(pattern), wildcard ? wildcardable : all));
            }
            return List.copyOf(found);
        }
    }

    /** Installed names matching the patterns, in the patterns' order and then catalog order. */
    private static List<String> matching(List<String> patterns, List<String> installed) {
        LinkedHashSet<String> found = new LinkedHashSet<>();
        for (String pattern : patterns) {
            Pattern regex = Wildcards.pattern(pattern);
            for (String name : installed) {
                if (regex.matcher(name).matches()) {
                    found.add(name);
                }
            }
        }
        return List.copyOf(found);
    }

    private static List<String> split(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    @Override
    public synchronized String toString() {
        return publicKeySpec == null ? specs.toString() : specs + " public key=" + publicKeySpec;
    }
}
