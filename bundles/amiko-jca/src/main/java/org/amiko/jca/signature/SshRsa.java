// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ssh-rsa}: RSASSA-PKCS1-v1_5 with SHA-1 (RFC 4253 section 6.6). SHA-1 collisions are
 * practical, so this only verifies signatures from old peers and never makes one (RFC 8332 section 1,
 * OpenSSH 8.8 release notes).
 */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ssh-rsa", security = "legacy", preference = 100)
public final class SshRsa extends RsaPkcs1 {
    public SshRsa() {
        super("ssh-rsa", "SHA1withRSA");
    }

    @Override
    public boolean canSign() {
        return false;
    }
}
