// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc;

import org.amiko.bc.cipher.ChaCha20Poly1305;
import org.amiko.testkit.PluginBundleContract;

/** The Bouncy Castle pack registers its 8 algorithms alike for ServiceLoader and for OSGi. */
class BundleDescriptorsTest extends PluginBundleContract {
    BundleDescriptorsTest() {
        super("org.amiko.bc", ChaCha20Poly1305.class, 8);
    }
}
