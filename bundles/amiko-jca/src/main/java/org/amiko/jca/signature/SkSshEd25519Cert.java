// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sk-ssh-ed25519-cert-v01@openssh.com}: a certificate for a security key's Ed25519 key,
 * signing as {@code sk-ssh-ed25519@openssh.com} (OpenSSH PROTOCOL.certkeys and PROTOCOL.u2f).
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "sk-ssh-ed25519-cert-v01@openssh.com", preference = 48)
public final class SkSshEd25519Cert extends CertificateSignature {
    public SkSshEd25519Cert() {
        super(new SkSshEd25519(), "sk-ssh-ed25519-cert-v01@openssh.com");
    }
}
