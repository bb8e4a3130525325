// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mlkem1024nistp384-sha384} (draft-ietf-sshm-mlkem-hybrid-kex section 2.2): FIPS 203
 * ML-KEM-1024 combined with ECDH over NIST P-384, SHA-384 as exchange hash, for CNSA 2.0 style
 * policies that ask for the larger parameter sets; offered after the ML-KEM-768 hybrids.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "mlkem1024nistp384-sha384", preference = 1070)
public final class MlKem1024Nistp384Sha384 extends HybridKemExchange {
    public MlKem1024Nistp384Sha384() {
        super(PostQuantumKem.ML_KEM_1024, NistCurveShare.P384, "SHA-384");
    }
}
