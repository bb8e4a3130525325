// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.amiko.spi.SshAlgorithm;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Which ranking the live catalog gives a service: its {@code service.ranking} if it has one (an
 * operator may set it by configuration), else the {@code amiko.ranking} from its author's
 * {@link SshAlgorithm#ranking()}, else 0.
 */
class LiveCatalogRankingTest {

    private static ServiceReference<?> reference(Map<String, Object> properties) {
        return (ServiceReference<?>) Proxy.newProxyInstance(LiveCatalogRankingTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void serviceRankingComesFirst() {
        assertEquals(5, LiveCatalog.ranking(reference(Map.of(Constants.SERVICE_RANKING, 5, SshAlgorithm.RANKING, 100))));
        assertEquals(-1, LiveCatalog.ranking(reference(Map.of(Constants.SERVICE_RANKING, -1))));
    }

    @Test
    void declaredRankingOtherwise() {
        assertEquals(100, LiveCatalog.ranking(reference(Map.of(SshAlgorithm.RANKING, 100))));
        assertEquals(0, LiveCatalog.ranking(reference(Map.of())));
        assertEquals(0, LiveCatalog.ranking(reference(Map.of(SshAlgorithm.RANKING, "100"))), "not an Integer");
    }
}
