// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.SignatureAlgorithmContract;

/** The testkit's signature contract, with a JDK-made key pair as the rest of Amiko makes them. */
class SshEd25519Test extends SignatureAlgorithmContract {
    private KeyPair pair;

    @Override
    protected SignatureAlgorithm signature() {
        return new SshEd25519();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        if (pair == null) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(25519));
            pair = generator.generateKeyPair();
        }
        return pair;
    }
}
