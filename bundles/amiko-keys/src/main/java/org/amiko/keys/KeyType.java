// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.NoSuchAlgorithmException;
import org.amiko.spi.wire.PeerText;

/**
 * The SSH public key formats this bundle reads and writes, by the name that starts every key blob:
 * {@code ssh-ed25519} (RFC 8709), {@code ecdsa-sha2-nistp*} (RFC 5656 section 3.1) and
 * {@code ssh-rsa} (RFC 4253 section 6.6, also the key format of RFC 8332's rsa-sha2-*).
 */
enum KeyType {
    ED25519("ssh-ed25519", null),
    ECDSA_NISTP256("ecdsa-sha2-nistp256", NistCurve.P256),
    ECDSA_NISTP384("ecdsa-sha2-nistp384", NistCurve.P384),
    ECDSA_NISTP521("ecdsa-sha2-nistp521", NistCurve.P521),
    RSA("ssh-rsa", null);

    /** OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE: smaller moduli are refused when read. */
    static final int RSA_MINIMUM_BITS = 1024;

    private final String sshName;
    private final NistCurve curve;

    KeyType(String sshName, NistCurve curve) {
        this.sshName = sshName;
        this.curve = curve;
    }

    /** The name on the wire and in key files. */
    String sshName() {
        return sshName;
    }

    /** The curve of an ECDSA type, null for the others. */
    NistCurve curve() {
        return curve;
    }

    /** The type for a wire name, or null when this bundle does not handle it. */
    static KeyType find(String sshName) {
        for (KeyType type : values()) {
            if (type.sshName.equals(sshName)) {
                return type;
            }
        }
        return null;
    }

    /** The type for a wire name; an unknown name is a {@link NoSuchAlgorithmException} naming it. */
    static KeyType of(String sshName) throws NoSuchAlgorithmException {
        KeyType type = find(sshName);
        if (type == null) {
            throw new NoSuchAlgorithmException("unsupported SSH key type " + printable(sshName));
        }
        return type;
    }

    static KeyType ecdsa(NistCurve curve) {
        switch (curve) {
            case P256:
                return ECDSA_NISTP256;
            case P384:
                return ECDSA_NISTP384;
            default:
                return ECDSA_NISTP521;
        }
    }

    /**
     * A name read from untrusted data, quoted and made safe to put in an exception message
     * ({@link PeerText#printable}).
     */
    static String printable(String name) {
        return '"' + PeerText.printable(name, 64) + '"';
    }
}
