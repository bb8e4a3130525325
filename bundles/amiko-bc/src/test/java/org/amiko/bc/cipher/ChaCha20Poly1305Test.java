// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.testkit.CipherAlgorithmContract;

class ChaCha20Poly1305Test extends CipherAlgorithmContract {
    @Override
    protected CipherAlgorithm cipher() {
        return new ChaCha20Poly1305();
    }
}
