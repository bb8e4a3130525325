// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

class SkSshEd25519Test extends SecurityKeySignatureTest {
    @Override
    SecurityKeySignature signature() {
        return new SkSshEd25519();
    }

    @Override
    KeyPair authenticatorKeys() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Override
    byte[] authenticatorSignature(KeyPair keys, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        return signer.sign();
    }
}
