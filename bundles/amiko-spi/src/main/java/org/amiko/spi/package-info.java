// SPDX-License-Identifier: Apache-2.0
/** Properties every algorithm plug-in carries: wire name, security level, preference. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.spi;
