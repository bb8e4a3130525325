// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * ECDSA over a NIST prime curve (RFC 5656 section 3.1): the digest follows the curve size
 * (section 6.2.1), the SSH signature is {@code mpint r || mpint s} (section 3.1.2), and a key on
 * another curve is not this algorithm's even if its type name matches.
 */
abstract class Ecdsa extends SshSignature {
    private final String curveName;
    /** Looked up on first use, so that a JDK without this curve still loads the class. */
    private volatile ECParameterSpec params;

    Ecdsa(String name, String curveName, String jcaName) {
        super(name, name, jcaName);
        this.curveName = curveName;
    }

    @Override
    public final boolean supports(Key key) {
        if (!(key instanceof ECKey)) {
            return false;
        }
        ECParameterSpec ours = params();
        ECParameterSpec theirs = ((ECKey) key).getParams();
        return ours != null && theirs != null && ours.getCurve().equals(theirs.getCurve())
                && ours.getOrder().equals(theirs.getOrder()) && ours.getGenerator().equals(theirs.getGenerator());
    }

    private ECParameterSpec params() {
        ECParameterSpec spec = params;
        if (spec == null) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(curveName));
                spec = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException unsupported) {
                return null; // then no key is supported
            }
            params = spec;
        }
        return spec;
    }

    @Override
    final byte[] toSsh(byte[] jcaSignature, Key key) throws SignatureException {
        BigInteger[] rs = EcdsaSignatureFormat.fromDer(jcaSignature);
        return new WireWriter(140).writeMpint(rs[0]).writeMpint(rs[1]).toByteArray();
    }

    @Override
    final byte[] toJca(byte[] sshSignature, Key key) {
        return derFromSsh(sshSignature, ((ECKey) key).getParams().getOrder());
    }

    /**
     * The JCA's DER for an SSH {@code mpint r || mpint s} on a curve of this {@code order}; null if
     * malformed or out of range.
     */
    static byte[] derFromSsh(byte[] sshSignature, BigInteger order) {
        try {
            WireReader reader = new WireReader(sshSignature);
            BigInteger r = reader.readMpint();
            BigInteger s = reader.readMpint();
            reader.expectEnd("ECDSA signature");
            if (!inRange(r, order) || !inRange(s, order)) {
                return null;
            }
            return EcdsaSignatureFormat.toDer(r, s);
        } catch (WireFormatException malformed) {
            return null;
        }
    }

    /** FIPS 186-4 section 6.4.2: both halves in [1, n-1]. */
    private static boolean inRange(BigInteger value, BigInteger order) {
        return value.signum() > 0 && value.compareTo(order) < 0;
    }
}
