// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdh-sha2-nistp384}: ECDH on NIST P-384 with SHA-384 (RFC 5656 sections 4 and 6.2). */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "ecdh-sha2-nistp384", preference = 790)
public final class EcdhSha2Nistp384 extends EcdhExchange {
    public EcdhSha2Nistp384() {
        super("ecdh-sha2-nistp384", "secp384r1", "SHA-384");
    }
}
