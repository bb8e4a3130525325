// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * Diffie-Hellman group exchange (RFC 4419). As a server it offers the RFC 3526 groups 14, 16 and 18
 * (2048, 4096 and 8192 bits), the groups sshd falls back on when it has no moduli file, and
 * chooses among them as sshd's {@code choose_dh} chooses among its moduli: the smallest at least
 * as large as the client prefers, else the largest the client allows. As a
 * client it takes any prime the core let through (its size within what was asked) that is odd,
 * with a generator in {@code 1 < g < p-1}; like ssh, it does not test the prime, which at 8192
 * bits would cost more than the whole exchange.
 */
abstract class GroupExchangeDh implements GroupExchangeAlgorithm {
    /** The server's groups, smallest first. */
    private static final ModpGroup[] GROUPS = {ModpGroup.GROUP14, ModpGroup.GROUP16, ModpGroup.GROUP18};
    /** No prime larger is taken from a server: the exchange's cost grows with its cube. */
    static final int MAX_PRIME_BITS = 16384;

    private final String wireName;
    private final String digest;

    GroupExchangeDh(String wireName, String digest) {
        this.wireName = wireName;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    @Override
    public final Group chooseGroup(int min, int preferred, int max) {
        ModpGroup chosen = null;
        for (ModpGroup group : GROUPS) {
            if (group.bits() >= min && group.bits() <= max) {
                chosen = group;
                if (group.bits() >= preferred) {
                    break;
                }
            }
        }
        return chosen == null ? null : new Group(chosen.prime(), ModpGroup.GENERATOR);
    }

    @Override
    public final KexAlgorithm inGroup(Group group) throws GeneralSecurityException {
        BigInteger p = group.prime();
        BigInteger g = group.generator();
        if (p.signum() <= 0 || !p.testBit(0) || p.bitLength() > MAX_PRIME_BITS) {
            throw new InvalidAlgorithmParameterException(wireName + ": the group's prime is not an odd number of at most "
                    + MAX_PRIME_BITS + " bits");
        }
        if (g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidAlgorithmParameterException(wireName + ": the group's generator is out of range 1 < g < p-1");
        }
        return new FiniteFieldDhExchange(wireName, p, g, digest);
    }

    /** No group yet: the core runs {@link #inGroup}'s exchange (see {@link GroupExchangeAlgorithm}). */
    @Override
    public final ClientKex newClient(SecureRandom random) {
        throw new UnsupportedOperationException(wireName + " exchanges in the group the server chose: use inGroup");
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) {
        throw new UnsupportedOperationException(wireName + " exchanges in the group the server chose: use inGroup");
    }
}
