// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.testkit.CipherAlgorithmContract;

class Aes256GcmTest extends CipherAlgorithmContract {
    @Override
    protected CipherAlgorithm cipher() {
        return new Aes256Gcm();
    }
}
