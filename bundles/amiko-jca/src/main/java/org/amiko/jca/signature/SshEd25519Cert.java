// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ssh-ed25519-cert-v01@openssh.com}: an Ed25519 key's certificate, signing as {@code ssh-ed25519} (OpenSSH PROTOCOL.certkeys). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ssh-ed25519-cert-v01@openssh.com", preference = 60)
public final class SshEd25519Cert extends CertificateSignature {
    public SshEd25519Cert() {
        super(new SshEd25519(), "ssh-ed25519-cert-v01@openssh.com");
    }
}
