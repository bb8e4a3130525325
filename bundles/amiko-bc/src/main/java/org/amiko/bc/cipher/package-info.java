// SPDX-License-Identifier: Apache-2.0
/**
 * {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305): a ChaCha20 keystream
 * (the JDK's on JDK 20 and later, where it is an intrinsic; our own 256-lane one that C2
 * vectorises on JDK 17 to 19) with a Poly1305 of our own on 44-bit limbs (Bouncy Castle's, on
 * 26-bit limbs, took most of the time of a bulk transfer). Not exported.
 */
package org.amiko.bc.cipher;
