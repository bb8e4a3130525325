// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.SignatureAlgorithmContract;

class SshEd25519CertTest extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new SshEd25519Cert();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestCertificates.certified(TestKeys.ed25519());
    }

    /** The Ed25519 private key signs for this type, so the foreign pair is of another type. */
    @Override
    protected KeyPair foreignKeyPair() throws GeneralSecurityException {
        return TestKeys.ec("secp256r1");
    }

    @Override
    protected String signatureBlobName() {
        return "ssh-ed25519";
    }
}
