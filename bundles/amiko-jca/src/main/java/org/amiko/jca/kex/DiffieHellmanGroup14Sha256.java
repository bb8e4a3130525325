// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group14-sha256}: Diffie-Hellman in the 2048-bit MODP group 14 of RFC 3526 with SHA-256
 * (RFC 8268 section 3).
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group14-sha256", preference = 580)
public final class DiffieHellmanGroup14Sha256 extends FiniteFieldDhExchange {
    public DiffieHellmanGroup14Sha256() {
        super("diffie-hellman-group14-sha256", ModpGroup.GROUP14, "SHA-256");
    }
}
