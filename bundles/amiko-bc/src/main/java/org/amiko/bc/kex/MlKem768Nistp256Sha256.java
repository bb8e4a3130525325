// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mlkem768nistp256-sha256} (draft-ietf-sshm-mlkem-hybrid-kex section 2.2; in OpenSSH as
 * {@code kexmlkem768ecdh.c}, not among its defaults): FIPS 203 ML-KEM-768 combined with ECDH over
 * NIST P-256, SHA-256 as exchange hash. Every part is FIPS-approved, which is why it exists beside
 * {@code mlkem768x25519-sha256}; offered after it and sntrup761.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "mlkem768nistp256-sha256", preference = 1080)
public final class MlKem768Nistp256Sha256 extends HybridKemExchange {
    public MlKem768Nistp256Sha256() {
        super(PostQuantumKem.ML_KEM_768, NistCurveShare.P256, "SHA-256");
    }
}
