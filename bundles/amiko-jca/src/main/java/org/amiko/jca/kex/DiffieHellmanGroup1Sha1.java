// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code diffie-hellman-group1-sha1}: Diffie-Hellman in the 1024-bit Oakley group 2 of RFC 2409 with
 * SHA-1 (RFC 4253 section 8.1). Insecure: the group is too small and SHA-1 weak, so RFC 9142 section
 * 3.3 says it SHOULD NOT be used; it is offered only when named, for devices that know nothing else.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "diffie-hellman-group1-sha1", security = "insecure", preference = 100)
public final class DiffieHellmanGroup1Sha1 extends FiniteFieldDhExchange {
    public DiffieHellmanGroup1Sha1() {
        super("diffie-hellman-group1-sha1", ModpGroup.GROUP1, "SHA-1");
    }
}
