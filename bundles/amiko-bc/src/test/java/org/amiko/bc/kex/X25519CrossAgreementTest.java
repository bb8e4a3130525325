// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.GeneralSecurityException;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.testkit.FixedRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code curve25519-sha256} (RFC 8731) on Bouncy Castle against amiko-jca's on the JDK's XDH, which
 * it shadows: a client of one and a server of the other agree on {@code K}, byte for byte, both ways
 * round, and the same random source gives both the same public values.
 */
class X25519CrossAgreementTest {
    private static final int ROUNDS = 32;

    private final KexAlgorithm bc = new Curve25519Sha256();
    private final KexAlgorithm jdk = new org.amiko.jca.kex.Curve25519Sha256();

    private static void agree(KexAlgorithm client, KexAlgorithm server, int round) throws GeneralSecurityException {
        ClientKex half = client.newClient(new FixedRandom(2L * round));
        Encapsulation reply = server.encapsulate(half.publicValue(), new FixedRandom(2L * round + 1));
        assertArrayEquals(reply.sharedSecret(), half.decapsulate(reply.serverPublic()), "round " + round);
    }

    @Test
    void bouncyCastleClientWithJdkServer() throws GeneralSecurityException {
        for (int round = 0; round < ROUNDS; round++) {
            agree(bc, jdk, round);
        }
    }

    @Test
    void jdkClientWithBouncyCastleServer() throws GeneralSecurityException {
        for (int round = 0; round < ROUNDS; round++) {
            agree(jdk, bc, round);
        }
    }

    @Test
    void sameRandomnessGivesTheSameExchange() throws GeneralSecurityException {
        for (int round = 0; round < ROUNDS; round++) {
            ClientKex ours = bc.newClient(new FixedRandom(round));
            ClientKex theirs = jdk.newClient(new FixedRandom(round));
            assertArrayEquals(theirs.publicValue(), ours.publicValue(), "client value, round " + round);
            Encapsulation ourReply = bc.encapsulate(ours.publicValue(), new FixedRandom(1000 + round));
            Encapsulation theirReply = jdk.encapsulate(ours.publicValue(), new FixedRandom(1000 + round));
            assertArrayEquals(theirReply.serverPublic(), ourReply.serverPublic(), "server value, round " + round);
            assertArrayEquals(theirReply.sharedSecret(), ourReply.sharedSecret(), "K, round " + round);
        }
    }
}
