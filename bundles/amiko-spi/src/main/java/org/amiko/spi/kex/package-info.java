// SPDX-License-Identifier: Apache-2.0
/** Key exchange methods (RFC 4253 section 8, RFC 4419, RFC 5656, RFC 8731). */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.amiko.spi.kex;
