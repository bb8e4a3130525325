// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp521-cert-v01@openssh.com}: a P-521 ECDSA key's certificate, signing as {@code ecdsa-sha2-nistp521} (OpenSSH PROTOCOL.certkeys). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp521-cert-v01@openssh.com", preference = 57)
public final class EcdsaSha2Nistp521Cert extends CertificateSignature {
    public EcdsaSha2Nistp521Cert() {
        super(new EcdsaSha2Nistp521(), "ecdsa-sha2-nistp521-cert-v01@openssh.com");
    }
}
