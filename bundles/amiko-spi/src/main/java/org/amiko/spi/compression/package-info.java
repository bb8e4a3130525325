// SPDX-License-Identifier: Apache-2.0
/** Payload compression (RFC 4253 section 6.2). */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.spi.compression;
