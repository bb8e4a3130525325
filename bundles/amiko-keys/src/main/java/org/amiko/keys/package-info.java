// SPDX-License-Identifier: Apache-2.0
/**
 * SSH keys at rest: public key blobs (RFC 4253 section 6.6, RFC 5656 section 3.1, RFC 8709),
 * fingerprints, OpenSSH public key lines and authorized_keys files (sshd(8)), OpenSSH private keys
 * (PROTOCOL.key) and PEM private keys (PKCS#8, PKCS#1, SEC1).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.keys;
