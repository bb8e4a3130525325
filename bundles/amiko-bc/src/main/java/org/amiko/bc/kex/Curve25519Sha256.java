// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code curve25519-sha256} (RFC 8731), also under its original libssh name
 * {@code curve25519-sha256@libssh.org}: X25519 (RFC 7748) with SHA-256 as exchange hash, on Bouncy
 * Castle's X25519. The same names as amiko-jca's JDK implementation, with the same bytes on the wire
 * and the same {@code K}; ranking 100 makes this one win whenever both bundles are present, because
 * the JDK 17 field arithmetic costs several times as much per key exchange.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = {"curve25519-sha256", "curve25519-sha256@libssh.org"}, preference = 1000, ranking = 100)
public final class Curve25519Sha256 extends XdhExchange {
    public Curve25519Sha256() {
        super(XdhCurve.X25519, "SHA-256");
    }
}
