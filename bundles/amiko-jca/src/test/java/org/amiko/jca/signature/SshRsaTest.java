// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.SignatureAlgorithmContract;

class SshRsaTest extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new SshRsa();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestKeys.rsa2048();
    }

    /** ssh-rsa never signs, so the old peer's signature is made here with the JCA. */
    @Override
    protected byte[] signForTest(KeyPair pair, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA1withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return new WireWriter().writeString("ssh-rsa").writeString(signer.sign()).toByteArray();
    }
}
