// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code webauthn-sk-ecdsa-sha2-nistp256@openssh.com}: a signature of an
 * {@code sk-ecdsa-sha2-nistp256@openssh.com} key made through a browser's W3C webauthn API
 * (OpenSSH PROTOCOL.u2f, "webauthn signatures"), which sshd accepts by default; it only verifies
 * here.
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", preference = 46)
public final class WebAuthnSkEcdsaSha2Nistp256 extends SecurityKeySignature {
    public WebAuthnSkEcdsaSha2Nistp256() {
        super("sk-ecdsa-sha2-nistp256@openssh.com", "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "SHA256withECDSA");
    }

    @Override
    byte[] toJca(byte[] sshSignature, PublicKey key) {
        return Ecdsa.derFromSsh(sshSignature, ((ECKey) key).getParams().getOrder());
    }
}
