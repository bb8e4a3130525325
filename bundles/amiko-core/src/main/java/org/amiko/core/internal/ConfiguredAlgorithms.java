// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmInfo;
import org.amiko.SecurityOptions;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.core.internal.transport.AlgorithmOffer;
import org.amiko.spi.signature.SignatureAlgorithm;

/**
 * A transport's {@link SecurityOptions}: per family either what the shared {@link AlgorithmPolicy}
 * says (by default the catalog's recommended algorithms in preference order) or a list set on this
 * transport; the same for the signature algorithms of user authentication, which without either
 * follow a server transport's own host key list, or the policy's on a client. Names set here are checked against the catalog; at each KEXINIT the list is filtered to
 * what is installed at that moment, so an algorithm whose plug-in left is no longer offered.
 */
public final class ConfiguredAlgorithms implements SecurityOptions, AlgorithmOffer {
    private final Supplier<AlgorithmCatalog> catalog;
    private final AlgorithmPolicy policy;
    private final Map<AlgorithmFamily, List<String>> explicit = new EnumMap<>(AlgorithmFamily.class);
    /** The user authentication list set on this transport; null for the policy's. */
    private List<String> explicitPublicKey;
    /** Whether this is a server transport's, whose user keys follow its own host key list. */
    private boolean serverSide;
    /** Host key types to offer first ({@link #preferKeyTypes}); empty for the configured order. */
    private volatile List<String> preferredKeyTypes = List.of();

    public ConfiguredAlgorithms(Supplier<AlgorithmCatalog> catalog, AlgorithmPolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    @Override
    public AlgorithmCatalog snapshot() {
        return catalog.get();
    }

    @Override
    public synchronized List<String> names(AlgorithmFamily family, AlgorithmCatalog snapshot) {
        List<String> configured = explicit.get(family);
        List<String> present;
        if (configured == null) {
            present = policy.names(family, snapshot);
        } else {
            present = installed(family, configured, snapshot);
        }
        return family == AlgorithmFamily.HOST_KEY && !preferredKeyTypes.isEmpty() ? knownFirst(present, snapshot)
                : present;
    }

    /**
     * The list set here; else the shared policy's own; else, on a server transport, this
     * transport's host key list (as before the lists were apart: narrowing or widening a server's
     * host keys does the same to the user keys it accepts), and on a client the policy's host key
     * list, so a client that pins its host key algorithm still signs with any key.
     */
    @Override
    public synchronized List<String> publicKeyNames(AlgorithmCatalog snapshot) {
        if (explicitPublicKey != null) {
            return installed(AlgorithmFamily.HOST_KEY, explicitPublicKey, snapshot);
        }
        if (policy.getPublicKey() == null && serverSide) {
            return names(AlgorithmFamily.HOST_KEY, snapshot);
        }
        return policy.publicKeyNames(snapshot);
    }

    /** Marks this transport's lists as a server's ({@link #publicKeyNames}). */
    public synchronized void serverSide() {
        serverSide = true;
    }

    @Override
    public List<String> getPublicKeyAlgorithms() {
        return publicKeyNames(catalog.get());
    }

    @Override
    public synchronized void setPublicKeyAlgorithms(List<String> names) {
        explicitPublicKey = checked(AlgorithmFamily.HOST_KEY, "public key", names);
    }

    private static List<String> installed(AlgorithmFamily family, List<String> names, AlgorithmCatalog snapshot) {
        List<String> present = new ArrayList<>();
        for (String name : names) {
            if (snapshot.find(family, name).isPresent()) {
                present.add(name);
            }
        }
        return present;
    }

    /**
     * Client: host key algorithms whose key type the host key verifier already knows for the
     * server come first, in the configured order, then the others (ssh's order_hostkeyalgs). Only
     * the order changes; nothing is added.
     */
    public void preferKeyTypes(List<String> keyTypes) {
        preferredKeyTypes = List.copyOf(keyTypes);
    }

    private List<String> knownFirst(List<String> names, AlgorithmCatalog snapshot) {
        List<String> known = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String name : names) {
            boolean isKnown = snapshot.find(AlgorithmFamily.HOST_KEY, name)
                    .map(entry -> preferredKeyTypes.contains(((SignatureAlgorithm) entry.implementation()).keyType()))
                    .orElse(false);
            (isKnown ? known : others).add(name);
        }
        known.addAll(others);
        return known;
    }

    @Override
    public List<AlgorithmInfo> available(AlgorithmFamily family) {
        List<AlgorithmInfo> infos = new ArrayList<>();
        for (AlgorithmCatalog.Entry entry : catalog.get().entries(family)) {
            infos.add(new AlgorithmInfo(family, entry.name(), entry.security().propertyValue()));
        }
        return infos;
    }

    @Override
    public List<String> get(AlgorithmFamily family) {
        return names(family, catalog.get());
    }

    @Override
    public synchronized void set(AlgorithmFamily family, List<String> names) {
        explicit.put(family, checked(family, family.label(), names));
    }

    /** {@code names} once each, all installed in {@code family}; {@code what} names the list in errors. */
    private List<String> checked(AlgorithmFamily family, String what, List<String> names) {
        AlgorithmCatalog snapshot = catalog.get();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " list cannot be empty");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            if (snapshot.find(family, name).isEmpty()) {
                List<String> known = new ArrayList<>();
                snapshot.entries(family).forEach(entry -> known.add(entry.name()));
                throw new IllegalArgumentException("unknown " + what + " algorithm '" + name
                        + "'; available: " + String.join(", ", known));
            }
            unique.add(name);
        }
        return List.copyOf(unique);
    }

    /** Returns to the catalog's defaults for a family. */
    public synchronized void reset(AlgorithmFamily family) {
        explicit.remove(family);
    }
}
