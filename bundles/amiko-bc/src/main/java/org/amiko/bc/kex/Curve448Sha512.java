// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code curve448-sha512} (RFC 8731): X448 (RFC 7748) with SHA-512 as exchange hash. Public values
 * are the 56-byte little-endian u-coordinates; {@code K} is the 56-byte X448 output read as an
 * unsigned big-endian number, byte order unchanged, and encoded as an mpint (RFC 8731 section 3.1);
 * an all-zero output is refused (section 3). OpenSSH does not implement it; AsyncSSH and others do.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "curve448-sha512", preference = 700)
public final class Curve448Sha512 extends XdhExchange {
    public Curve448Sha512() {
        super(XdhCurve.X448, "SHA-512");
    }

    /** The client half with a JDK key pair; package-private for the RFC 7748 known answers. */
    static ClientKex client(KeyPair pair) throws GeneralSecurityException {
        return client(XdhCurve.X448, XdhCurve.X448.privateScalar(pair.getPrivate()));
    }

    /** The server half with JDK keys; package-private for the RFC 7748 known answers. */
    static Encapsulation encapsulate(PublicKey clientKey, KeyPair server) throws GeneralSecurityException {
        return encapsulate(XdhCurve.X448, XdhCurve.X448.encode(clientKey),
                XdhCurve.X448.privateScalar(server.getPrivate()));
    }
}
