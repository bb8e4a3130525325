// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.GroupExchangeAlgorithm.Group;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.testkit.KexAlgorithmContract;
import org.junit.jupiter.api.Test;

/**
 * The group exchange plug-in: its exchange in a group passes the same contract as every exchange,
 * the server chooses a group for a request, the client checks a group a server sends, and the
 * plug-in itself, having no group, is no exchange.
 */
class DiffieHellmanGroupExchangeSha256Test extends KexAlgorithmContract {
    /** Without a moduli file: the built-in groups, whatever this machine's /etc/ssh/moduli holds. */
    private final GroupExchangeAlgorithm gex = new GroupExchangeDh("diffie-hellman-group-exchange-sha256", "SHA-256",
            null) {
    };

    @Override
    protected KexAlgorithm kex() {
        try {
            return gex.inGroup(gex.chooseGroup(2048, 2048, 2048));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Class<?> algorithmClass() {
        return DiffieHellmanGroupExchangeSha256.class;
    }

    @Test
    void withoutAGroupItIsNoExchange() {
        SecureRandom random = new SecureRandom();
        assertThrows(UnsupportedOperationException.class, () -> gex.newClient(random));
        assertThrows(UnsupportedOperationException.class, () -> gex.encapsulate(new byte[] {2}, random));
    }

    @Override
    protected boolean publicValuesHaveFixedLength() {
        return false;
    }

    private int bits(Group group) {
        return group.prime().bitLength();
    }

    /** As sshd's choose_dh chooses among its moduli: the smallest that is large enough, else the largest allowed. */
    @Test
    void theServerChoosesTheGroupClosestAboveThePreferredSize() {
        assertEquals(8192, bits(gex.chooseGroup(2048, 8192, 8192)), "ssh with chacha20 or a 256-bit key");
        assertEquals(4096, bits(gex.chooseGroup(2048, 3072, 8192)), "ssh with aes128-gcm");
        assertEquals(2048, bits(gex.chooseGroup(1024, 2048, 8192)));
        assertEquals(4096, bits(gex.chooseGroup(2048, 8192, 6144)), "no larger than allowed");
        assertEquals(ModpGroup.GROUP14.prime(), gex.chooseGroup(2048, 2048, 2048).prime());
        assertEquals(BigInteger.TWO, gex.chooseGroup(2048, 2048, 2048).generator());
        assertNull(gex.chooseGroup(1024, 1024, 1536), "nothing that small");
        assertNull(gex.chooseGroup(9000, 9000, 16384), "nothing that large");
    }

    /**
     * Client and server agree in a group the server sent, here a prime of 1100 bits, a size the
     * JDK's DH provider refuses (not a multiple of 64). Agreement holds in any prime field; a
     * server's prime is a safe one, which takes a minute to find, so this one is not.
     */
    @Test
    void bothSidesAgreeInAGroupTheServerSent() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KexAlgorithm inGroup = gex.inGroup(new Group(BigInteger.probablePrime(1100, random), BigInteger.TWO));
        KexAlgorithm.ClientKex client = inGroup.newClient(random);
        KexAlgorithm.Encapsulation server = inGroup.encapsulate(client.publicValue(), random);
        assertArrayEquals(server.sharedSecret(), client.decapsulate(server.serverPublic()));
        assertEquals("SHA-256", inGroup.digestAlgorithm());
    }

    /** Refused, and the error says which half of the group is at fault. */
    @Test
    void aGroupNoHonestServerSendsIsRefused() {
        BigInteger p = ModpGroup.GROUP14.prime();
        assertRefused("generator", new Group(p, BigInteger.ONE), "g = 1");
        assertRefused("generator", new Group(p, p.subtract(BigInteger.ONE)), "g = p-1");
        assertRefused("generator", new Group(p, BigInteger.ZERO), "g = 0");
        assertRefused("generator", new Group(p, p.add(BigInteger.TWO)), "g > p");
        assertRefused("positive odd", new Group(p.add(BigInteger.ONE), BigInteger.TWO), "an even prime");
        assertRefused("positive odd", new Group(p.negate(), BigInteger.TWO), "a negative prime");
        assertRefused("20001 bits, more than 16384",
                new Group(BigInteger.ONE.shiftLeft(20000).add(BigInteger.ONE), BigInteger.TWO),
                "a prime too large to compute with");
    }

    private void assertRefused(String fault, Group group, String what) {
        GeneralSecurityException refused = assertThrows(GeneralSecurityException.class, () -> gex.inGroup(group), what);
        assertTrue(refused.getMessage().contains(fault), what + ": " + refused.getMessage());
    }

    /** The peer's value is checked in the group the exchange settled on, not in a fixed one. */
    @Test
    void aPublicValueOutOfTheGroupsRangeIsRefused() throws GeneralSecurityException {
        Group group = gex.chooseGroup(2048, 2048, 2048);
        KexAlgorithm inGroup = gex.inGroup(group);
        SecureRandom random = new SecureRandom();
        for (BigInteger bad : new BigInteger[] {BigInteger.ONE, group.prime().subtract(BigInteger.ONE), group.prime()}) {
            assertThrows(GeneralSecurityException.class, () -> inGroup.encapsulate(bad.toByteArray(), random),
                    bad.bitLength() + " bits");
        }
    }
}
