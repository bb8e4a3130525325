// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code umac-128@openssh.com}: UMAC with a 128-bit tag over the plaintext packet (RFC 4418,
 * OpenSSH mac.c).
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "umac-128@openssh.com", preference = 590)
public final class Umac128 extends Umac {
    public Umac128() {
        super("umac-128@openssh.com", 16, false);
    }
}
