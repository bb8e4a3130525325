// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group14-sha1}: Diffie-Hellman in the 2048-bit MODP group 14 of RFC 3526 with
 * SHA-1 (RFC 4253 section 8.2). Legacy: RFC 9142 section 3.3 lets it be used where a peer has nothing
 * better (MAY), so it is offered only when named.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group14-sha1", security = "legacy", preference = 160)
public final class DiffieHellmanGroup14Sha1 extends FiniteFieldDhExchange {
    public DiffieHellmanGroup14Sha1() {
        super("diffie-hellman-group14-sha1", ModpGroup.GROUP14, "SHA-1");
    }
}
