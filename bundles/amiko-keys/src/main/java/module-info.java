// SPDX-License-Identifier: Apache-2.0
/**
 * SSH keys at rest: public key blobs and lines, fingerprints, authorized_keys, OpenSSH v1 and PEM
 * private key files. JDK cryptography only.
 */
module org.amiko.keys {
    requires static osgi.annotation;
    requires org.amiko.spi;

    exports org.amiko.keys;
}
