// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;

/** Key pairs for the signature tests, made once per run from fixed seeds (RSA from the vector file). */
final class TestKeys {
    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {}

    static KeyPair ed25519() throws GeneralSecurityException {
        return cached("ed25519", () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(25519));
            return generator.generateKeyPair();
        });
    }

    /** A key on {@code secp256r1}, {@code secp384r1} or {@code secp521r1}. */
    static KeyPair ec(String curve) throws GeneralSecurityException {
        return cached(curve, () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), new FixedRandom(curve.hashCode()));
            return generator.generateKeyPair();
        });
    }

    /** The 2048-bit key of {@code rsa-pkcs1.txt}, so no test waits for RSA key generation. */
    static KeyPair rsa2048() throws GeneralSecurityException {
        return cached("rsa2048", () -> {
            VectorFile.Vector vector = VectorFile.load(TestKeys.class, "/vectors/rsa-pkcs1.txt").vectors().get(0);
            KeyFactory factory = KeyFactory.getInstance("RSA");
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(vector.hex("PUBLIC_X509"))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(vector.hex("PRIVATE_PKCS8"))));
        });
    }

    /** An RSA key of {@code bits}, for the size limits. */
    static KeyPair rsa(int bits) throws GeneralSecurityException {
        return cached("rsa" + bits, () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new FixedRandom(bits));
            return generator.generateKeyPair();
        });
    }

    private interface Maker {
        KeyPair make() throws GeneralSecurityException;
    }

    private static KeyPair cached(String name, Maker maker) throws GeneralSecurityException {
        KeyPair pair = CACHE.get(name);
        if (pair == null) {
            pair = maker.make();
            CACHE.put(name, pair);
        }
        return pair;
    }
}
