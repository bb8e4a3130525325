// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code diffie-hellman-group-exchange-sha256}: Diffie-Hellman group exchange with SHA-256 (RFC 4419 section 4.2). */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group-exchange-sha256", preference = 610)
public final class DiffieHellmanGroupExchangeSha256 extends GroupExchangeDh {
    public DiffieHellmanGroupExchangeSha256() {
        super("diffie-hellman-group-exchange-sha256", "SHA-256");
    }
}
