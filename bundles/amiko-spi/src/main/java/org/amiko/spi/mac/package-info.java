// SPDX-License-Identifier: Apache-2.0
/** Transport MACs (RFC 4253 section 6.4). */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.spi.mac;
