// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code umac-64@openssh.com}: UMAC with a 64-bit tag over the plaintext packet (RFC 4418,
 * OpenSSH PROTOCOL section 1.1).
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "umac-64@openssh.com", preference = 600)
public final class Umac64 extends Umac {
    public Umac64() {
        super("umac-64@openssh.com", 8, false);
    }
}
