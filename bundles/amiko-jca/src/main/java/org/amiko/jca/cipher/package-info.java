// SPDX-License-Identifier: Apache-2.0
/**
 * Transport ciphers on the JDK's AES: {@code aes*-ctr} (RFC 4344) with both MAC framings, and
 * {@code aes*-gcm@openssh.com} (RFC 5647 as OpenSSH PROTOCOL section 1.6 amends it). Not exported.
 */
package org.amiko.jca.cipher;
