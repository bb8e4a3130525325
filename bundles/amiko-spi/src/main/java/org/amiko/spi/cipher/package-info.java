// SPDX-License-Identifier: Apache-2.0
/** Transport ciphers and packet framing (RFC 4253 section 6). */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.amiko.spi.cipher;
