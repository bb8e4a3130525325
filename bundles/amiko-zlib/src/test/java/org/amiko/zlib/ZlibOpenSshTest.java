// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.testkit.CompressionAlgorithmContract;

class ZlibOpenSshTest extends CompressionAlgorithmContract {
    @Override
    protected CompressionAlgorithm compression() {
        return new ZlibOpenSsh();
    }
}
