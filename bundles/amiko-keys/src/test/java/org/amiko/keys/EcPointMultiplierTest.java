// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import org.junit.jupiter.api.Test;

/** d G against the JDK's own key generation, and the group law at its edges. */
class EcPointMultiplierTest {
    @Test
    void publicPointsEqualTheJdksForEveryCurve() throws GeneralSecurityException {
        for (NistCurve curve : NistCurve.values()) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve.jdkName()));
            for (int i = 0; i < 8; i++) {
                KeyPair pair = generator.generateKeyPair();
                BigInteger s = ((ECPrivateKey) pair.getPrivate()).getS();
                assertEquals(((ECPublicKey) pair.getPublic()).getW(), EcPointMultiplier.publicPoint(curve, s),
                        curve.sshName());
            }
        }
    }

    @Test
    void smallAndEdgeScalars() {
        for (NistCurve curve : NistCurve.values()) {
            ECPoint g = curve.params().getGenerator();
            BigInteger p = curve.fieldPrime();
            BigInteger n = curve.order();
            assertEquals(g, EcPointMultiplier.publicPoint(curve, BigInteger.ONE));
            // (n - 1) G = -G: same x, y negated.
            assertEquals(new ECPoint(g.getAffineX(), p.subtract(g.getAffineY())),
                    EcPointMultiplier.publicPoint(curve, n.subtract(BigInteger.ONE)));
            assertEquals(ECPoint.POINT_INFINITY, EcPointMultiplier.publicPoint(curve, n));
            // 2G + G computed both ways.
            assertEquals(EcPointMultiplier.publicPoint(curve, BigInteger.valueOf(3)),
                    EcPointMultiplier.publicPoint(curve, n.add(BigInteger.valueOf(3)).mod(n)));
        }
    }
}
