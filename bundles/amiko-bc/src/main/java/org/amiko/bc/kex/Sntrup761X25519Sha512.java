// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sntrup761x25519-sha512} (draft-josefsson-ntruprime-ssh), also offered under the name OpenSSH
 * gave it first (8.5), {@code sntrup761x25519-sha512@openssh.com}: Streamlined NTRU Prime 761 combined
 * with X25519, SHA-512 as exchange hash.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = {"sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"}, preference = 1090)
public final class Sntrup761X25519Sha512 extends HybridKemExchange {
    public Sntrup761X25519Sha512() {
        super(PostQuantumKem.SNTRUP_761, X25519Share.CURVE, "SHA-512");
    }
}
