// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group-exchange-sha1}: Diffie-Hellman group exchange with SHA-1 (RFC 4419
 * section 4.1), for old clients only: SHA-1 is weak, so it is offered only when configured (RFC
 * 9142 section 3.3 says it SHOULD NOT be used).
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group-exchange-sha1", security = "legacy", preference = 150)
public final class DiffieHellmanGroupExchangeSha1 extends GroupExchangeDh {
    public DiffieHellmanGroupExchangeSha1() {
        super("diffie-hellman-group-exchange-sha1", "SHA-1");
    }
}
