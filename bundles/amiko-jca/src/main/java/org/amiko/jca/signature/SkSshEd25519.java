// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.PublicKey;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code sk-ssh-ed25519@openssh.com}: an Ed25519 key in a FIDO authenticator (OpenSSH PROTOCOL.u2f). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "sk-ssh-ed25519@openssh.com", preference = 50)
public final class SkSshEd25519 extends SecurityKeySignature {
    private static final int SIGNATURE_LENGTH = 64;

    public SkSshEd25519() {
        super("sk-ssh-ed25519@openssh.com", "Ed25519");
    }

    @Override
    byte[] toJca(byte[] sshSignature, PublicKey key) {
        return sshSignature.length == SIGNATURE_LENGTH ? sshSignature : null;
    }
}
