// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sk-ecdsa-sha2-nistp256@openssh.com}: an ECDSA P-256 key in a FIDO authenticator (OpenSSH
 * PROTOCOL.u2f), whose signature is SHA-256 ECDSA as RFC 5656 encodes it.
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "sk-ecdsa-sha2-nistp256@openssh.com", preference = 49)
public final class SkEcdsaSha2Nistp256 extends SecurityKeySignature {
    public SkEcdsaSha2Nistp256() {
        super("sk-ecdsa-sha2-nistp256@openssh.com", "SHA256withECDSA");
    }

    @Override
    byte[] toJca(byte[] sshSignature, PublicKey key) {
        return Ecdsa.derFromSsh(sshSignature, ((ECKey) key).getParams().getOrder());
    }
}
