// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group16-sha512}: Diffie-Hellman in the 4096-bit MODP group 16 of RFC 3526 with SHA-512
 * (RFC 8268 section 3).
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group16-sha512", preference = 600)
public final class DiffieHellmanGroup16Sha512 extends FiniteFieldDhExchange {
    public DiffieHellmanGroup16Sha512() {
        super("diffie-hellman-group16-sha512", ModpGroup.GROUP16, "SHA-512");
    }
}
