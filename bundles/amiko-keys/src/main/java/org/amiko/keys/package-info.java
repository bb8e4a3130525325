// SPDX-License-Identifier: Apache-2.0
/**
 * SSH keys at rest: public key blobs (RFC 4253 section 6.6, RFC 5656 section 3.1, RFC 8709),
 * fingerprints, OpenSSH public key lines, RFC 4716 public key files, authorized_keys files and their
 * restrictions and known_hosts files (sshd(8)) with host key policies, OpenSSH private keys
 * (PROTOCOL.key), PEM private keys (PKCS#8 plain and PBES2-encrypted, PKCS#1, SEC1, OpenSSL's
 * legacy encryption) and PuTTY private keys (PuTTY manual appendix C).
 */
@org.osgi.annotation.versioning.Version("1.11.0")
package org.amiko.keys;
