// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.util.ArrayList;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmInfo;
import org.amiko.SecurityOptions;
import org.amiko.Transport;

/**
 * Widens what an Amiko transport offers to every installed algorithm that is not insecure. By
 * default legacy algorithms (ssh-rsa, hmac-sha1) are left out of KEXINIT; interop tests pin them one
 * at a time from the peer's side, so the Amiko side must be willing to speak them.
 */
public final class AmikoOffer {
    private AmikoOffer() {}

    /** For {@link TestServer#start(org.amiko.core.TransportSettings, java.util.function.Consumer)}. */
    public static void everything(Transport transport) {
        SecurityOptions options = transport.getSecurityOptions();
        for (AlgorithmFamily family : List.of(AlgorithmFamily.KEX, AlgorithmFamily.HOST_KEY, AlgorithmFamily.CIPHER,
                AlgorithmFamily.MAC)) {
            List<String> names = new ArrayList<>();
            for (AlgorithmInfo info : options.available(family)) {
                if (!"insecure".equals(info.security())) {
                    names.add(info.name());
                }
            }
            options.set(family, names);
        }
    }
}
