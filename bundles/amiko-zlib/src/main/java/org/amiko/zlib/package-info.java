// SPDX-License-Identifier: Apache-2.0
/**
 * SSH payload compression on {@code java.util.zip}: {@code zlib@openssh.com} (OpenSSH PROTOCOL
 * section 1.3) and {@code zlib} (RFC 4253 section 6.2). Not exported.
 */
package org.amiko.zlib;
