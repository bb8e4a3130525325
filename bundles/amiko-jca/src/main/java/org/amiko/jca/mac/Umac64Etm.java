// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code umac-64-etm@openssh.com}: UMAC with a 64-bit tag over the ciphertext (RFC 4418,
 * OpenSSH PROTOCOL section 1.5).
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "umac-64-etm@openssh.com", preference = 700)
public final class Umac64Etm extends Umac {
    public Umac64Etm() {
        super("umac-64-etm@openssh.com", 8, true);
    }
}
