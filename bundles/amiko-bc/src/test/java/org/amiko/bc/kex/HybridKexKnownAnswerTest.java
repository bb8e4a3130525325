// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.junit.jupiter.api.Test;

/**
 * Both hybrids end to end with fixed inputs: the KEM halves of the OpenSSH-made vectors and RFC 7748
 * section 6.1's Alice (client) and Bob (server) for X25519. The expected {@code Q_C}, {@code Q_S} and
 * {@code K = string(HASH(kem_secret || x25519_secret))} were put together in Python from those parts
 * (hashlib, pyca/cryptography X25519); see vectors/README.md.
 */
class HybridKexKnownAnswerTest {
    private static final VectorFile HYBRIDS = VectorFile.load(HybridKexKnownAnswerTest.class, "/vectors/hybrid-kex.txt");
    private static final Vector ML_KEM = VectorFile.load(HybridKexKnownAnswerTest.class, "/vectors/openssh-mlkem768.txt")
            .vectors().get(0);

    private static KeyPair x25519(Vector vector, String privateField, int publicOffset) throws GeneralSecurityException {
        PrivateKey privateKey = KeyFactory.getInstance("XDH")
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, vector.hex(privateField)));
        byte[] value = vector.hex(publicOffset < 0 ? "SERVER_REPLY" : "CLIENT_PUBLIC");
        int from = publicOffset < 0 ? value.length - 32 : publicOffset;
        return new KeyPair(XdhCurve.X25519.decode(Arrays.copyOfRange(value, from, from + 32)), privateKey);
    }

    private static void runExchange(HybridKemExchange kex, Vector vector, AsymmetricCipherKeyPair kemPair,
            SecureRandom serverKemRandom) throws GeneralSecurityException {
        byte[] clientPublic = vector.hex("CLIENT_PUBLIC");
        KeyPair alice = x25519(vector, "CLIENT_X25519_PRIVATE", clientPublic.length - 32);
        KeyPair bob = x25519(vector, "SERVER_X25519_PRIVATE", -1);
        ClientKex client = kex.client(kemPair, alice);
        assertArrayEquals(clientPublic, client.publicValue(), "Q_C = KEM public key || X25519 public");

        Encapsulation server = kex.encapsulate(client.publicValue(), serverKemRandom, bob);
        assertArrayEquals(vector.hex("SERVER_REPLY"), server.serverPublic(), "Q_S = KEM ciphertext || X25519 public");
        assertArrayEquals(vector.hex("K"), server.sharedSecret(), "server K");
        assertArrayEquals(vector.hex("K"), client.decapsulate(server.serverPublic()), "client K");
    }

    @Test
    void mlkem768x25519() throws GeneralSecurityException {
        Vector vector = HYBRIDS.find("KEX", "mlkem768x25519-sha256");
        MlKem768X25519Sha256 kex = new MlKem768X25519Sha256();
        AsymmetricCipherKeyPair kemPair = PostQuantumKem.ML_KEM_768.generate(FixedRandom.replaying(ML_KEM.hex("SEED"), 0));
        runExchange(kex, vector, kemPair, FixedRandom.replaying(ML_KEM.hex("M"), 0));
        assertEquals("SHA-256", kex.digestAlgorithm());
        assertEquals(4 + 32, vector.hex("K").length);
    }

    @Test
    void sntrup761x25519() throws GeneralSecurityException {
        Vector vector = HYBRIDS.find("KEX", "sntrup761x25519-sha512");
        Sntrup761X25519Sha512 kex = new Sntrup761X25519Sha512();
        HarnessRandom random = new HarnessRandom(); // key pair, then encapsulation, as the harness drew them
        runExchange(kex, vector, PostQuantumKem.SNTRUP_761.generate(random), random);
        assertEquals("SHA-512", kex.digestAlgorithm());
        assertEquals(4 + 64, vector.hex("K").length);
    }

    @Test
    void exactLengthsAreRequired() throws GeneralSecurityException {
        for (HybridKemExchange kex : new HybridKemExchange[] {new MlKem768X25519Sha256(), new Sntrup761X25519Sha512()}) {
            ClientKex client = kex.newClient(new FixedRandom(1));
            byte[] clientPublic = client.publicValue();
            byte[] reply = kex.encapsulate(clientPublic, new FixedRandom(2)).serverPublic();
            for (int delta : new int[] {-32, -1, 1, 32}) {
                byte[] wrongClient = Arrays.copyOf(clientPublic, clientPublic.length + delta);
                byte[] wrongReply = Arrays.copyOf(reply, reply.length + delta);
                assertThrows(GeneralSecurityException.class, () -> kex.encapsulate(wrongClient, new FixedRandom(3)));
                assertThrows(GeneralSecurityException.class, () -> client.decapsulate(wrongReply));
            }
            // the client's key sent back as the reply, a confusion a broken server could make
            assertThrows(GeneralSecurityException.class, () -> client.decapsulate(clientPublic));
        }
    }

    @Test
    void zeroX25519HalfIsRefusedEvenWithAGoodKemHalf() throws GeneralSecurityException {
        MlKem768X25519Sha256 kex = new MlKem768X25519Sha256();
        ClientKex client = kex.newClient(new FixedRandom(4));
        byte[] clientPublic = client.publicValue();
        byte[] reply = kex.encapsulate(clientPublic, new FixedRandom(5)).serverPublic();
        Arrays.fill(clientPublic, clientPublic.length - 32, clientPublic.length, (byte) 0);
        Arrays.fill(reply, reply.length - 32, reply.length, (byte) 0);
        assertThrows(GeneralSecurityException.class, () -> kex.encapsulate(clientPublic, new FixedRandom(6)));
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(reply));
    }
}
