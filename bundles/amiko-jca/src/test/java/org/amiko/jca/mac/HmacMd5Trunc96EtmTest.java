// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.MacAlgorithmContract;

class HmacMd5Trunc96EtmTest extends MacAlgorithmContract {
    @Override
    protected MacAlgorithm mac() {
        return new HmacMd5Trunc96Etm();
    }
}
