// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.util.List;
import org.amiko.jca.mac.HmacMd5;
import org.amiko.jca.mac.HmacMd5Etm;
import org.amiko.jca.mac.HmacMd5Trunc96;
import org.amiko.jca.mac.HmacMd5Trunc96Etm;
import org.amiko.jca.mac.HmacSha1;
import org.amiko.jca.mac.HmacSha1Etm;
import org.amiko.jca.mac.HmacSha1Trunc96;
import org.amiko.jca.mac.HmacSha1Trunc96Etm;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.jca.mac.HmacSha2256Etm;
import org.amiko.jca.mac.HmacSha2512;
import org.amiko.jca.mac.HmacSha2512Etm;
import org.amiko.jca.mac.Umac128;
import org.amiko.jca.mac.Umac128Etm;
import org.amiko.jca.mac.Umac64;
import org.amiko.jca.mac.Umac64Etm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.CipherAlgorithmContract;

/** The cipher contract for the CTR and CBC ciphers, run with every MAC of this bundle in both framings. */
abstract class MacFramedContract extends CipherAlgorithmContract {
    @Override
    protected List<MacAlgorithm> macs() {
        return List.of(new HmacSha2256Etm(), new HmacSha2512Etm(), new HmacSha2256(), new HmacSha2512(),
                new HmacSha1Etm(), new HmacSha1(), new Umac64Etm(), new Umac128Etm(), new Umac64(), new Umac128(),
                new HmacSha1Trunc96Etm(), new HmacSha1Trunc96(), new HmacMd5Etm(), new HmacMd5(),
                new HmacMd5Trunc96Etm(), new HmacMd5Trunc96());
    }
}
