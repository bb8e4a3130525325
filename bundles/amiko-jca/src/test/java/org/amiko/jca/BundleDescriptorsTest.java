// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca;

import org.amiko.jca.cipher.Aes128Gcm;
import org.amiko.testkit.PluginBundleContract;

/** The JDK algorithm pack registers its 55 algorithms alike for ServiceLoader and for OSGi. */
class BundleDescriptorsTest extends PluginBundleContract {
    BundleDescriptorsTest() {
        super("org.amiko.jca", Aes128Gcm.class, 55);
    }
}
