// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ECDH half of the NIST hybrids: RFC 5903 section 8's known answers (public points as
 * uncompressed SEC1, the secret as the fixed-length x-coordinate), and the refusal of peer values
 * that are no uncompressed point of the curve.
 */
class NistCurveShareTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 5903 section 8.1 (P-256) and 8.2 (P-384): I, GI (x || y), R, GR, GIRX. */
    private static final String[][] VECTORS = {
        {"secp256r1", "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
            "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
                + "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
            "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
                + "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
            "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"},
        {"secp384r1", "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
            "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA"
                + "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
            "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571"
                + "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
            "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746"}};

    private static ClassicalShare.Curve curve(String name) {
        return name.equals("secp256r1") ? NistCurveShare.P256 : NistCurveShare.P384;
    }

    private static String[] vector(String name) {
        return Arrays.stream(VECTORS).filter(vector -> vector[0].equals(name)).findFirst().orElseThrow();
    }

    /** A JDK key pair from a private scalar and its public point (x || y). */
    private static KeyPair pair(String name, String scalar, String point) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(name));
        ECParameterSpec params = parameters.getParameterSpec(ECParameterSpec.class);
        byte[] xy = HEX.parseHex(point.toLowerCase());
        int n = xy.length / 2;
        KeyFactory factory = KeyFactory.getInstance("EC");
        return new KeyPair(factory.generatePublic(new ECPublicKeySpec(new ECPoint(new BigInteger(1, xy, 0, n),
                new BigInteger(1, xy, n, n)), params)),
                factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(scalar, 16), params)));
    }

    private static byte[] uncompressed(String point) {
        byte[] xy = HEX.parseHex(point.toLowerCase());
        byte[] out = new byte[1 + xy.length];
        out[0] = 0x04;
        System.arraycopy(xy, 0, out, 1, xy.length);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void rfc5903KnownAnswers(String name) throws Exception {
        String[] v = vector(name);
        ClassicalShare initiator = NistCurveShare.of(curve(name), pair(name, v[1], v[2]));
        assertArrayEquals(uncompressed(v[2]), initiator.publicValue());
        assertArrayEquals(HEX.parseHex(v[4].toLowerCase()), initiator.agree(uncompressed(v[3])),
                "the x-coordinate, raw and field-sized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void whatIsNoUncompressedPointOfTheCurveIsRefused(String name) throws Exception {
        ClassicalShare.Curve curve = curve(name);
        ClassicalShare share = curve.newShare(new SecureRandom());
        byte[] good = uncompressed(vector(name)[3]);
        assertTrue(good.length == curve.publicLength());

        byte[] compressedPrefix = good.clone();
        compressedPrefix[0] = 0x02;
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        byte[] beyondP = good.clone();
        Arrays.fill(beyondP, 1, 1 + (good.length - 1) / 2, (byte) 0xff);
        for (byte[] bad : new byte[][] {compressedPrefix, offCurve, beyondP, Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, good.length + 1), new byte[good.length]}) {
            assertThrows(InvalidKeyException.class, () -> share.agree(bad));
        }
        share.agree(good); // the share is still good for a well-formed value
    }
}
