// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.SignatureAlgorithmContract;

class RsaSha2256CertTest extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new RsaSha2256Cert();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestCertificates.certified(TestKeys.rsa2048());
    }

    @Override
    protected String signatureBlobName() {
        return "rsa-sha2-256";
    }
}
