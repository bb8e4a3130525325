// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ssh-ed25519} (RFC 8709). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ssh-ed25519", preference = 1000)
public final class SshEd25519 extends EdDsa {
    public SshEd25519() {}
}
