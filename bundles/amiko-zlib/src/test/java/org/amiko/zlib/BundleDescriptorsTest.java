// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.testkit.PluginBundleContract;

/** The compression bundle registers its 2 algorithms alike for ServiceLoader and for OSGi. */
class BundleDescriptorsTest extends PluginBundleContract {
    BundleDescriptorsTest() {
        super("org.amiko.zlib", ZlibOpenSsh.class, 2);
    }
}
