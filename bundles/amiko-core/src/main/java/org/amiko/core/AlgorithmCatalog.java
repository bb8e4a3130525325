// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.amiko.AlgorithmFamily;
import org.amiko.spi.SecurityLevel;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;

/**
 * An immutable snapshot of the algorithm plug-ins present: per family, every wire name with its
 * implementation, security level, preference and provider. A session takes the current snapshot
 * when it builds {@code SSH_MSG_KEXINIT}, so plug-ins that come or go affect only later key
 * exchanges. Built by hand in tests, from {@link ServiceLoader} outside OSGi, or from the service
 * registry by the OSGi runtime.
 *
 * <p>When two providers offer one wire name the one with the higher ranking wins and the other is
 * kept as {@linkplain #shadowed() shadowed}. Plug-ins whose properties are missing or invalid are
 * not offered and are listed in {@link #problems()}.
 */
public final class AlgorithmCatalog {

    /**
     * One wire name.
     *
     * @param implementation a {@link CipherAlgorithm}, {@link MacAlgorithm}, {@link KexAlgorithm},
     *     {@link SignatureAlgorithm} or {@link CompressionAlgorithm} (null for compression "none")
     * @param provider the bundle or module that provides it, for operators
     * @param ranking settles two providers of one name (OSGi {@code service.ranking}, else
     *     {@value SshAlgorithm#RANKING})
     */
    public record Entry(AlgorithmFamily family, String name, SecurityLevel security, int preference,
            Object implementation, String provider, int ranking) {}

    /** The family a plug-in interface belongs to. */
    public static Optional<AlgorithmFamily> familyOf(Object implementation) {
        if (implementation instanceof KexAlgorithm) {
            return Optional.of(AlgorithmFamily.KEX);
        } else if (implementation instanceof SignatureAlgorithm) {
            return Optional.of(AlgorithmFamily.HOST_KEY);
        } else if (implementation instanceof CipherAlgorithm) {
            return Optional.of(AlgorithmFamily.CIPHER);
        } else if (implementation instanceof MacAlgorithm) {
            return Optional.of(AlgorithmFamily.MAC);
        } else if (implementation instanceof CompressionAlgorithm) {
            return Optional.of(AlgorithmFamily.COMPRESSION);
        }
        return Optional.empty();
    }

    /** Compression "none" (RFC 4253 section 6.2) is part of the engine, not a plug-in. */
    public static final String NO_COMPRESSION = "none";

    private static final Comparator<Entry> ORDER =
            Comparator.comparingInt(Entry::preference).reversed().thenComparing(Entry::name);

    private final Map<AlgorithmFamily, List<Entry>> entries;
    private final List<Entry> shadowed;
    private final List<String> problems;

    private AlgorithmCatalog(Map<AlgorithmFamily, List<Entry>> entries, List<Entry> shadowed, List<String> problems) {
        this.entries = entries;
        this.shadowed = shadowed;
        this.problems = problems;
    }

    /** Every entry of a family, preferred first. */
    public List<Entry> entries(AlgorithmFamily family) {
        return entries.getOrDefault(family, List.of());
    }

    /** The entry for a wire name, if present. */
    public Optional<Entry> find(AlgorithmFamily family, String name) {
        for (Entry entry : entries(family)) {
            if (entry.name().equals(name)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The names offered by default: recommended entries, preferred first. */
    public List<String> defaultNames(AlgorithmFamily family) {
        List<String> names = new ArrayList<>();
        for (Entry entry : entries(family)) {
            if (entry.security() == SecurityLevel.RECOMMENDED) {
                names.add(entry.name());
            }
        }
        return names;
    }

    /** Providers that lost to a higher-ranked provider of the same wire name. */
    public List<Entry> shadowed() {
        return shadowed;
    }

    /** Plug-ins that were not admitted, each with the reason. */
    public List<String> problems() {
        return problems;
    }

    /** A new builder, holding compression "none" already. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The plug-ins {@link ServiceLoader} finds for the five SPI interfaces: on the module path those
     * that {@code provides} them, on the class path those listed in {@code META-INF/services}.
     */
    public static AlgorithmCatalog fromServiceLoader() {
        Builder builder = builder();
        for (Class<?> spi : List.of(KexAlgorithm.class, SignatureAlgorithm.class, CipherAlgorithm.class,
                MacAlgorithm.class, CompressionAlgorithm.class)) {
            ServiceLoader<?> loader = ServiceLoader.load(spi, AlgorithmCatalog.class.getClassLoader());
            Iterator<? extends ServiceLoader.Provider<?>> providers = loader.stream().iterator();
            while (true) {
                ServiceLoader.Provider<?> provider;
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    provider = providers.next();
                } catch (ServiceConfigurationError e) {
                    // a listed class that cannot be found or loaded: report it, keep the others
                    builder.problem(spi.getSimpleName() + ": " + e.getMessage());
                    continue;
                }
                try {
                    Object implementation = provider.get();
                    Module module = provider.type().getModule();
                    String from = module.isNamed() ? module.getName() : provider.type().getName();
                    builder.addAnnotated(implementation, from);
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    builder.problem(provider.type().getName() + ": " + e.getMessage());
                }
            }
        }
        return builder.build();
    }

    /** Collects entries; later additions of a name shadow or are shadowed by ranking. */
    public static final class Builder {
        private final Map<AlgorithmFamily, Map<String, Entry>> winners = new EnumMap<>(AlgorithmFamily.class);
        private final List<Entry> shadowed = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
            add(new Entry(AlgorithmFamily.COMPRESSION, NO_COMPRESSION, SecurityLevel.RECOMMENDED, 0, null, "amiko-core", 0));
        }

        /** Adds one entry per wire name and alias. */
        public Builder add(Entry entry) {
            Map<String, Entry> family = winners.computeIfAbsent(entry.family(), f -> new LinkedHashMap<>());
            Entry existing = family.get(entry.name());
            if (existing == null) {
                family.put(entry.name(), entry);
            } else if (entry.ranking() > existing.ranking()) {
                family.put(entry.name(), entry);
                shadowed.add(existing);
            } else {
                shadowed.add(entry);
            }
            return this;
        }

        /**
         * Adds a plug-in described by its {@link SshAlgorithm} annotation (the ServiceLoader path). Its
         * {@link SshAlgorithm#ranking()} settles a tie of wire names, since ServiceLoader's order on
         * the module path is unspecified.
         */
        public Builder addAnnotated(Object implementation, String provider) {
            SshAlgorithm info = implementation.getClass().getAnnotation(SshAlgorithm.class);
            if (info == null) {
                return problem(implementation.getClass().getName() + " has no @SshAlgorithm annotation");
            }
            return addDescribed(implementation, info.algorithm(), info.security(), info.preference(), provider,
                    info.ranking());
        }

        /**
         * Adds a plug-in described by service properties (the OSGi path).
         *
         * @param names the {@value SshAlgorithm#ALGORITHM} property: a String or String[]
         */
        public Builder addService(Object implementation, Object names, Object security, Object preference,
                String provider, int ranking) {
            String[] wireNames;
            if (names instanceof String name) {
                wireNames = new String[] {name};
            } else if (names instanceof String[] array) {
                wireNames = array;
            } else {
                return problem(provider + ": " + implementation.getClass().getName() + " has no valid "
                        + SshAlgorithm.ALGORITHM + " property");
            }
            int order = preference instanceof Integer value ? value : 0;
            return addDescribed(implementation, wireNames, security == null ? "recommended" : security.toString(),
                    order, provider, ranking);
        }

        private Builder addDescribed(Object implementation, String[] names, String security, int preference,
                String provider, int ranking) {
            Optional<AlgorithmFamily> family = familyOf(implementation);
            if (family.isEmpty()) {
                return problem(provider + ": " + implementation.getClass().getName() + " implements no Amiko SPI");
            }
            SecurityLevel level;
            try {
                level = SecurityLevel.fromProperty(security);
            } catch (IllegalArgumentException e) {
                return problem(provider + ": " + implementation.getClass().getName() + ": " + e.getMessage());
            }
            if (names.length == 0) {
                return problem(provider + ": " + implementation.getClass().getName() + " names no algorithm");
            }
            String failure = org.amiko.core.internal.AlgorithmProbe.failure(implementation);
            if (failure != null) {
                return problem(provider + ": " + String.join(",", names) + " (" + implementation.getClass().getName()
                        + ") " + failure);
            }
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                if (!WireNames.isValid(name)) {
                    problem(provider + ": " + implementation.getClass().getName() + ": invalid algorithm name '"
                            + name + "'");
                    continue;
                }
                // aliases sort directly after the primary name
                add(new Entry(family.get(), name, level, preference - i, implementation, provider, ranking));
            }
            return this;
        }

        /** Records a plug-in that could not be admitted. */
        public Builder problem(String description) {
            problems.add(description);
            return this;
        }

        public AlgorithmCatalog build() {
            Map<AlgorithmFamily, List<Entry>> sorted = new EnumMap<>(AlgorithmFamily.class);
            for (Map.Entry<AlgorithmFamily, Map<String, Entry>> family : winners.entrySet()) {
                List<Entry> list = new ArrayList<>(family.getValue().values());
                list.sort(ORDER);
                sorted.put(family.getKey(), List.copyOf(list));
            }
            return new AlgorithmCatalog(Collections.unmodifiableMap(sorted), List.copyOf(shadowed),
                    List.copyOf(problems));
        }
    }
}
