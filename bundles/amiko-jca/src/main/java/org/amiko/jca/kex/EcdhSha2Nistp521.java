// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdh-sha2-nistp521}: ECDH on NIST P-521 with SHA-512 (RFC 5656 sections 4 and 6.2). */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "ecdh-sha2-nistp521", preference = 780)
public final class EcdhSha2Nistp521 extends EcdhExchange {
    public EcdhSha2Nistp521() {
        super("ecdh-sha2-nistp521", "secp521r1", "SHA-512");
    }
}
