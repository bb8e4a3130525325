// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp256-cert-v01@openssh.com}: a P-256 ECDSA key's certificate, signing as {@code ecdsa-sha2-nistp256} (OpenSSH PROTOCOL.certkeys). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp256-cert-v01@openssh.com", preference = 59)
public final class EcdsaSha2Nistp256Cert extends CertificateSignature {
    public EcdsaSha2Nistp256Cert() {
        super(new EcdsaSha2Nistp256(), "ecdsa-sha2-nistp256-cert-v01@openssh.com");
    }
}
