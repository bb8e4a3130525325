// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mlkem768x25519-sha256} (draft-ietf-sshm-mlkem-hybrid-kex; in
 * OpenSSH since 9.9 and its default since 10.0): FIPS 203
 * ML-KEM-768 combined with X25519, SHA-256 as exchange hash. Our most preferred key exchange: it
 * resists a future quantum computer and stays as strong as X25519 if ML-KEM should fall.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "mlkem768x25519-sha256", preference = 1100)
public final class MlKem768X25519Sha256 extends HybridKemExchange {
    public MlKem768X25519Sha256() {
        super(PostQuantumKem.ML_KEM_768, X25519Share.CURVE, "SHA-256");
    }
}
