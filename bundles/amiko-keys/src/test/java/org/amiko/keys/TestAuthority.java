// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import org.amiko.spi.wire.WireWriter;

/** A certificate authority for tests: an Ed25519 key that signs with the JDK, as ssh-keygen -s would. */
final class TestAuthority {
    final KeyPair keys = ed25519();

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    OpenSshCertificate issue(CertificateBuilder builder) throws GeneralSecurityException {
        return builder.sign(keys.getPublic(), data -> {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(data);
            return new WireWriter(100).writeString("ssh-ed25519").writeString(signer.sign()).toByteArray();
        }, new SecureRandom());
    }
}
