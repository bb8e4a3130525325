// SPDX-License-Identifier: Apache-2.0
/**
 * SSH keys at rest: public key blobs, lines and RFC 4716 files, fingerprints, authorized_keys,
 * known_hosts with host key policies, OpenSSH v1, PEM/PKCS#8 and PuTTY private key files. JDK
 * cryptography only.
 */
module org.amiko.keys {
    requires static osgi.annotation;
    requires transitive org.amiko;
    requires org.amiko.spi;

    exports org.amiko.keys;
}
