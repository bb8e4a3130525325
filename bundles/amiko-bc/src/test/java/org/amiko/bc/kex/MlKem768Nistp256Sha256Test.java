// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.testkit.KexAlgorithmContract;

class MlKem768Nistp256Sha256Test extends KexAlgorithmContract {
    @Override
    protected KexAlgorithm kex() {
        return new MlKem768Nistp256Sha256();
    }

    @Override
    protected boolean sharedSecretIsMpint() {
        return false; // a KEM hybrid's K is a string
    }
}
