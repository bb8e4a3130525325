// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group18-sha512}: Diffie-Hellman in the 8192-bit MODP group 18 of RFC 3526 with SHA-512
 * (RFC 8268 section 3).
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group18-sha512", preference = 590)
public final class DiffieHellmanGroup18Sha512 extends FiniteFieldDhExchange {
    public DiffieHellmanGroup18Sha512() {
        super("diffie-hellman-group18-sha512", ModpGroup.GROUP18, "SHA-512");
    }
}
