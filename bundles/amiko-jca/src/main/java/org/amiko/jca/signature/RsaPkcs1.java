// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;

/**
 * RSASSA-PKCS1-v1_5 signatures with an {@code ssh-rsa} key (RFC 8332 section 3, RFC 4253 section
 * 6.6). Keys under 1024 bits are refused outright and, for new signatures, keys under 2048 bits; a
 * signature shorter than the modulus is left-padded with zeros before verification, as OpenSSH does
 * for peers that strip leading zero bytes.
 */
abstract class RsaPkcs1 extends SshSignature {
    /** The smallest modulus accepted at all (OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE). */
    static final int MINIMUM_BITS = 1024;
    /** The smallest modulus we sign with (NIST SP 800-131A). */
    static final int MINIMUM_SIGNING_BITS = 2048;

    RsaPkcs1(String name, String jcaName) {
        super(name, "ssh-rsa", jcaName);
    }

    @Override
    public final boolean supports(Key key) {
        return key instanceof RSAKey && ((RSAKey) key).getModulus().bitLength() >= MINIMUM_BITS;
    }

    @Override
    final void checkSigningKey(PrivateKey key) throws InvalidKeyException {
        int bits = ((RSAKey) key).getModulus().bitLength();
        if (bits < MINIMUM_SIGNING_BITS) {
            throw new InvalidKeyException(name() + " signs only with keys of " + MINIMUM_SIGNING_BITS
                    + " bits or more, not " + bits);
        }
    }

    @Override
    final byte[] toSsh(byte[] jcaSignature, Key key) {
        return jcaSignature;
    }

    @Override
    final byte[] toJca(byte[] sshSignature, Key key) {
        int modulusBytes = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
        if (sshSignature.length > modulusBytes || sshSignature.length == 0) {
            return null;
        }
        if (sshSignature.length == modulusBytes) {
            return sshSignature;
        }
        byte[] padded = new byte[modulusBytes];
        System.arraycopy(sshSignature, 0, padded, modulusBytes - sshSignature.length, sshSignature.length);
        return padded;
    }
}
