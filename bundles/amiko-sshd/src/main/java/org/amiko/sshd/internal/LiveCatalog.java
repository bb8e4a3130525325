// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The algorithm plug-ins in the service registry, as an {@link AlgorithmCatalog} rebuilt whenever
 * one comes or goes. Sessions take {@link #get()} when they build a KEXINIT, so an installed
 * bundle's algorithms are offered from the next handshake on and a stopped bundle's are not.
 */
@Component(service = LiveCatalog.class)
public final class LiveCatalog implements Supplier<AlgorithmCatalog> {

    private record Registration(Object service, Map<String, Object> properties, String provider, int ranking) {}

    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<AlgorithmCatalog> current = new AtomicReference<>(AlgorithmCatalog.builder().build());

    @Override
    public AlgorithmCatalog get() {
        return current.get();
    }

    /** Runs {@code listener} after every change, on the thread that registered or removed a plug-in. */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCipher(ServiceReference<CipherAlgorithm> reference, CipherAlgorithm service) {
        add(reference, service);
    }

    void removeCipher(ServiceReference<CipherAlgorithm> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMac(ServiceReference<MacAlgorithm> reference, MacAlgorithm service) {
        add(reference, service);
    }

    void removeMac(ServiceReference<MacAlgorithm> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addKex(ServiceReference<KexAlgorithm> reference, KexAlgorithm service) {
        add(reference, service);
    }

    void removeKex(ServiceReference<KexAlgorithm> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSignature(ServiceReference<SignatureAlgorithm> reference, SignatureAlgorithm service) {
        add(reference, service);
    }

    void removeSignature(ServiceReference<SignatureAlgorithm> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCompression(ServiceReference<CompressionAlgorithm> reference, CompressionAlgorithm service) {
        add(reference, service);
    }

    void removeCompression(ServiceReference<CompressionAlgorithm> reference) {
        remove(reference);
    }

    private void add(ServiceReference<?> reference, Object service) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        Bundle bundle = reference.getBundle();
        String provider = bundle == null ? "?" : bundle.getSymbolicName() + " " + bundle.getVersion();
        registrations.put((Long) reference.getProperty(Constants.SERVICE_ID),
                new Registration(service, properties, provider, ranking(reference)));
        rebuild();
    }

    /**
     * {@code service.ranking} when the service has one (an operator may set it by configuration),
     * else the {@value SshAlgorithm#RANKING} its author declared with {@link SshAlgorithm#ranking()}.
     */
    static int ranking(ServiceReference<?> reference) {
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        if (ranking instanceof Integer value) {
            return value;
        }
        return reference.getProperty(SshAlgorithm.RANKING) instanceof Integer value ? value : 0;
    }

    private void remove(ServiceReference<?> reference) {
        registrations.remove((Long) reference.getProperty(Constants.SERVICE_ID));
        rebuild();
    }

    private synchronized void rebuild() {
        AlgorithmCatalog.Builder builder = AlgorithmCatalog.builder();
        List<Map.Entry<Long, Registration>> ordered = registrations.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList();
        for (Map.Entry<Long, Registration> entry : ordered) {
            Registration registration = entry.getValue();
            Map<String, Object> properties = registration.properties();
            builder.addService(registration.service(), properties.get(SshAlgorithm.ALGORITHM),
                    properties.get(SshAlgorithm.SECURITY), properties.get(SshAlgorithm.PREFERENCE),
                    registration.provider(), registration.ranking());
        }
        current.set(builder.build());
        listeners.forEach(Runnable::run);
    }
}
