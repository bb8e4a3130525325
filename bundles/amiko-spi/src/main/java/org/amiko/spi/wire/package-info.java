// SPDX-License-Identifier: Apache-2.0
/** The SSH data type encoding of RFC 4251 section 5, for plug-ins and the core alike. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.amiko.spi.wire;
