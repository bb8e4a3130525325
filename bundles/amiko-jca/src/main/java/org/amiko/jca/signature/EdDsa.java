// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.Key;
import java.security.interfaces.EdECKey;

/**
 * Ed25519 signatures (RFC 8709 section 6, RFC 8032 section 5.1): the SSH signature is the plain
 * 64-byte {@code R || S} that the JDK's {@code Ed25519} produces, over the unhashed data.
 */
abstract class EdDsa extends SshSignature {
    private static final int SIGNATURE_LENGTH = 64;

    EdDsa() {
        super("ssh-ed25519", "ssh-ed25519", "Ed25519");
    }

    @Override
    public final boolean supports(Key key) {
        if (key instanceof EdECKey) {
            return "Ed25519".equalsIgnoreCase(((EdECKey) key).getParams().getName());
        }
        return key != null && "Ed25519".equalsIgnoreCase(key.getAlgorithm());
    }

    @Override
    final byte[] toSsh(byte[] jcaSignature, Key key) {
        return jcaSignature;
    }

    @Override
    final byte[] toJca(byte[] sshSignature, Key key) {
        return sshSignature.length == SIGNATURE_LENGTH ? sshSignature : null;
    }
}
