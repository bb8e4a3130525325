// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp384-cert-v01@openssh.com}: a P-384 ECDSA key's certificate, signing as {@code ecdsa-sha2-nistp384} (OpenSSH PROTOCOL.certkeys). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp384-cert-v01@openssh.com", preference = 58)
public final class EcdsaSha2Nistp384Cert extends CertificateSignature {
    public EcdsaSha2Nistp384Cert() {
        super(new EcdsaSha2Nistp384(), "ecdsa-sha2-nistp384-cert-v01@openssh.com");
    }
}
