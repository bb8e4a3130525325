// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.SignatureAlgorithmContract;

class SshRsaTest extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new SshRsa();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestKeys.rsa2048();
    }
}
