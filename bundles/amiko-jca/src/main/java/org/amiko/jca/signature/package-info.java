// SPDX-License-Identifier: Apache-2.0
/**
 * Signature algorithms on the JDK: {@code ssh-ed25519} (RFC 8709), {@code ecdsa-sha2-nistp*} (RFC 5656
 * section 3.1), {@code rsa-sha2-256/512} (RFC 8332) and verification-only {@code ssh-rsa}. Public key
 * blobs are amiko-keys' {@link org.amiko.keys.PublicKeyBlob}. Not exported.
 */
package org.amiko.jca.signature;
