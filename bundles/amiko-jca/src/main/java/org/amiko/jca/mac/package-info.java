// SPDX-License-Identifier: Apache-2.0
/**
 * Transport MACs on the JDK's HMAC: {@code hmac-sha2-256/512} (RFC 6668), {@code hmac-sha1} (RFC 4253
 * section 6.4) and their {@code -etm@openssh.com} forms (OpenSSH PROTOCOL section 1.5). Not exported.
 */
package org.amiko.jca.mac;
