// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;

/** Supplies what a KEXINIT offers: the catalog as it is now, and the configured names in it. */
public interface AlgorithmOffer {

    /** The catalog of installed plug-ins at this moment. */
    AlgorithmCatalog snapshot();

    /** The names to offer for one family, in preference order, all present in {@code snapshot}. */
    List<String> names(AlgorithmFamily family, AlgorithmCatalog snapshot);

    /**
     * The signature algorithms of publickey authentication, in preference order, all present in
     * {@code snapshot}: what a server accepts and lists in {@code server-sig-algs}, what a client
     * signs with. By default the host key algorithms.
     */
    default List<String> publicKeyNames(AlgorithmCatalog snapshot) {
        return names(AlgorithmFamily.HOST_KEY, snapshot);
    }
}
