// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.SignatureAlgorithmContract;

class EcdsaSha2Nistp256CertTest extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new EcdsaSha2Nistp256Cert();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestCertificates.certified(TestKeys.ec("secp256r1"));
    }

    @Override
    protected String signatureBlobName() {
        return "ecdsa-sha2-nistp256";
    }
}
