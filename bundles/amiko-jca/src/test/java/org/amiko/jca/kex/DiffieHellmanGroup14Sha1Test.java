// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.testkit.KexAlgorithmContract;

class DiffieHellmanGroup14Sha1Test extends KexAlgorithmContract {
    @Override
    protected KexAlgorithm kex() {
        return new DiffieHellmanGroup14Sha1();
    }

    @Override
    protected boolean publicValuesHaveFixedLength() {
        return false;
    }
}
