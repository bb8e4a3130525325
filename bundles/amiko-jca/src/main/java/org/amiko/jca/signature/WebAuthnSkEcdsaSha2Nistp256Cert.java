// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com}: a certificate for a security key's
 * P-256 key ({@code sk-ecdsa-sha2-nistp256-cert-v01@openssh.com}), signing through webauthn as
 * {@code webauthn-sk-ecdsa-sha2-nistp256@openssh.com} (OpenSSH PROTOCOL.certkeys and PROTOCOL.u2f).
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", preference = 45)
public final class WebAuthnSkEcdsaSha2Nistp256Cert extends CertificateSignature {
    public WebAuthnSkEcdsaSha2Nistp256Cert() {
        super(new WebAuthnSkEcdsaSha2Nistp256(), "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com");
    }
}
