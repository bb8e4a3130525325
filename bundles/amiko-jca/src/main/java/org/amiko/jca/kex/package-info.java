// SPDX-License-Identifier: Apache-2.0
/**
 * Key exchanges on the JDK: {@code curve25519-sha256} (RFC 8731), {@code ecdh-sha2-nistp*} (RFC 5656
 * section 4) and the RFC 8268 {@code diffie-hellman-group*} exchanges, all in the SPI's KEM shape. Not
 * exported.
 */
package org.amiko.jca.kex;
