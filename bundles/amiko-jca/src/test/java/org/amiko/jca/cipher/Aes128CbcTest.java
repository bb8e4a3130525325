// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.cipher.CipherAlgorithm;

class Aes128CbcTest extends MacFramedContract {
    @Override
    protected CipherAlgorithm cipher() {
        return new Aes128Cbc();
    }
}
