// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.testkit.KexAlgorithmContract;

class Sntrup761X25519Sha512Test extends KexAlgorithmContract {
    @Override
    protected KexAlgorithm kex() {
        return new Sntrup761X25519Sha512();
    }

    @Override
    protected boolean sharedSecretIsMpint() {
        return false; // a KEM hybrid's K is a string
    }
}
