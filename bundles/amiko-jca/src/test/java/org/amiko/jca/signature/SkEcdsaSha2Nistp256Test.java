// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.amiko.spi.wire.WireWriter;

class SkEcdsaSha2Nistp256Test extends SecurityKeySignatureTest {
    @Override
    SecurityKeySignature signature() {
        return new SkEcdsaSha2Nistp256();
    }

    @Override
    KeyPair authenticatorKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A FIDO authenticator's ES256 signature, re-encoded as RFC 5656's mpint pair. */
    @Override
    byte[] authenticatorSignature(KeyPair keys, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        BigInteger[] rs = EcdsaSignatureFormat.fromDer(signer.sign());
        return new WireWriter(80).writeMpint(rs[0]).writeMpint(rs[1]).toByteArray();
    }
}
