// SPDX-License-Identifier: Apache-2.0
/**
 * {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305): the JDK's ChaCha20
 * keystream with Bouncy Castle's Poly1305. Not exported.
 */
package org.amiko.bc.cipher;
