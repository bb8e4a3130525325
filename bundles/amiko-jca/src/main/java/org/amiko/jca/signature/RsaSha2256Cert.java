// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code rsa-sha2-256-cert-v01@openssh.com}: an RSA key's certificate ({@code ssh-rsa-cert-v01@openssh.com}), signing as {@code rsa-sha2-256} (OpenSSH PROTOCOL.certkeys). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "rsa-sha2-256-cert-v01@openssh.com", preference = 55)
public final class RsaSha2256Cert extends CertificateSignature {
    public RsaSha2256Cert() {
        super(new RsaSha2256(), "ssh-rsa-cert-v01@openssh.com");
    }
}
