// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.testkit.KexAlgorithmContract;

class Curve25519Sha256Test extends KexAlgorithmContract {
    @Override
    protected KexAlgorithm kex() {
        return new Curve25519Sha256();
    }
}
