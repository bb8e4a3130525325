// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code curve25519-sha256} (RFC 8731), also offered under its original libssh name
 * {@code curve25519-sha256@libssh.org}: X25519 with SHA-256 as exchange hash.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = {"curve25519-sha256", "curve25519-sha256@libssh.org"}, preference = 1000)
public final class Curve25519Sha256 extends X25519Exchange {
    public Curve25519Sha256() {}
}
