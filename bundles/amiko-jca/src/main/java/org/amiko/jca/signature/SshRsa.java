// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ssh-rsa}: RSASSA-PKCS1-v1_5 with SHA-1 (RFC 4253 section 6.6). SHA-1 collisions are
 * practical (RFC 8332 section 1, OpenSSH 8.8 release notes), so it is legacy: it verifies and signs
 * only where it is named, as OpenSSH's {@code HostKeyAlgorithms +ssh-rsa} and
 * {@code PubkeyAcceptedAlgorithms +ssh-rsa}, for peers that know no rsa-sha2 algorithm.
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ssh-rsa", security = "legacy", preference = 100)
public final class SshRsa extends RsaPkcs1 {
    public SshRsa() {
        super("ssh-rsa", "SHA1withRSA");
    }
}
