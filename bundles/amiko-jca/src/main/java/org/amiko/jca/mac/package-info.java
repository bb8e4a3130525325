// SPDX-License-Identifier: Apache-2.0
/**
 * Transport MACs on the plain JDK: {@code hmac-sha2-256/512} (RFC 6668) and {@code hmac-sha1} (RFC 4253
 * section 6.4) on the JDK's HMAC; {@code umac-64@openssh.com} and {@code umac-128@openssh.com} (RFC
 * 4418, OpenSSH PROTOCOL section 1.1) on its AES; and the {@code -etm@openssh.com} form of each
 * (OpenSSH PROTOCOL section 1.5). Not exported.
 */
package org.amiko.jca.mac;
