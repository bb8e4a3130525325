// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code umac-128-etm@openssh.com}: UMAC with a 128-bit tag over the ciphertext (RFC 4418,
 * OpenSSH PROTOCOL section 1.5).
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "umac-128-etm@openssh.com", preference = 690)
public final class Umac128Etm extends Umac {
    public Umac128Etm() {
        super("umac-128-etm@openssh.com", 16, true);
    }
}
