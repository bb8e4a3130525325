// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.MacAlgorithmContract;

class HmacSha1Trunc96Test extends MacAlgorithmContract {
    @Override
    protected MacAlgorithm mac() {
        return new HmacSha1Trunc96();
    }
}
