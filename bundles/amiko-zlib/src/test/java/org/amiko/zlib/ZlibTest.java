// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.testkit.CompressionAlgorithmContract;

class ZlibTest extends CompressionAlgorithmContract {
    @Override
    protected CompressionAlgorithm compression() {
        return new Zlib();
    }
}
