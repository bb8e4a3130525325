// SPDX-License-Identifier: Apache-2.0
/** Host-key and user-key signature algorithms (RFC 4253 section 6.6). */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.amiko.spi.signature;
