// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * Diffie-Hellman group exchange (RFC 4419). As a server it offers what sshd offers: the groups of
 * the moduli file ({@code /etc/ssh/moduli}, or the file the system property {@value #MODULI_PROPERTY}
 * names; empty for none), one chosen at random among those of the best size as sshd's
 * {@code choose_dh} does, the smallest at least as large as the client prefers, else the largest
 * the client allows; without a file, or with nothing in it within the client's bounds, the RFC
 * 3526 groups 14, 16 and 18 (2048, 4096 and 8192 bits) chosen by the same rule. As a client it
 * takes any prime the core let through (its size within what was asked) that is odd, with a
 * generator in {@code 1 < g < p-1}; like ssh, it does not test the prime, which at 8192 bits would
 * cost more than the whole exchange.
 */
abstract class GroupExchangeDh implements GroupExchangeAlgorithm {
    /** The system property naming the moduli file; empty for none. */
    static final String MODULI_PROPERTY = "amiko.moduli";
    /** The built-in groups, smallest first. */
    private static final List<Group> BUILT_IN = List.of(group(ModpGroup.GROUP14), group(ModpGroup.GROUP16),
            group(ModpGroup.GROUP18));
    private static final SecureRandom CHOICE = new SecureRandom();
    /** No prime larger is taken from a server: the exchange's cost grows with its cube. */
    static final int MAX_PRIME_BITS = 16384;

    private final String wireName;
    private final String digest;
    private final Moduli moduli;

    GroupExchangeDh(String wireName, String digest) {
        this(wireName, digest, systemModuli());
    }

    /** @param moduli the moduli file, or null for the built-in groups only */
    GroupExchangeDh(String wireName, String digest, Path moduli) {
        this.wireName = wireName;
        this.digest = digest;
        this.moduli = moduli == null ? null : Moduli.of(moduli);
    }

    private static Path systemModuli() {
        String file = System.getProperty(MODULI_PROPERTY, "/etc/ssh/moduli");
        return file.isBlank() ? null : Path.of(file);
    }

    private static Group group(ModpGroup modp) {
        return new Group(modp.prime(), ModpGroup.GENERATOR);
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    /** Reads the moduli file (when it changed), so it runs where the core lets a hook block: on a worker. */
    @Override
    public final Group chooseGroup(int min, int preferred, int max) {
        Group chosen = moduli == null ? null : choose(moduli.groups(), min, preferred, max);
        return chosen != null ? chosen : choose(BUILT_IN, min, preferred, max);
    }

    /**
     * sshd's {@code choose_dh}: the best size is the smallest at least {@code preferred}, else the
     * largest; one group of that size at random. Null when none is within {@code min..max}.
     */
    private static Group choose(List<Group> groups, int min, int preferred, int max) {
        int best = 0;
        List<Group> bestGroups = new ArrayList<>();
        for (Group group : groups) {
            int bits = group.prime().bitLength();
            if (bits < min || bits > max) {
                continue;
            }
            if (bits > preferred && bits < best || bits > best && best < preferred) {
                best = bits;
                bestGroups.clear();
            }
            if (bits == best) {
                bestGroups.add(group);
            }
        }
        return bestGroups.isEmpty() ? null : bestGroups.get(CHOICE.nextInt(bestGroups.size()));
    }

    @Override
    public final KexAlgorithm inGroup(Group group) throws GeneralSecurityException {
        String fault = fault(group);
        if (fault != null) {
            throw new InvalidAlgorithmParameterException(wireName + ": " + fault);
        }
        return new FiniteFieldDhExchange(wireName, group.prime(), group.generator(), digest);
    }

    /**
     * Whether a group is one this exchange computes in, from a server or a moduli file: an odd
     * prime of at most {@link #MAX_PRIME_BITS} bits and a generator in {@code 1 < g < p-1}.
     */
    static boolean usable(Group group) {
        return fault(group) == null;
    }

    /** What is wrong with a group ({@link #usable}), for the error a client reports; null for nothing. */
    private static String fault(Group group) {
        BigInteger p = group.prime();
        BigInteger g = group.generator();
        if (p.signum() <= 0 || !p.testBit(0)) {
            return "the group's prime is not a positive odd number";
        }
        if (p.bitLength() > MAX_PRIME_BITS) {
            return "the group's prime has " + p.bitLength() + " bits, more than " + MAX_PRIME_BITS;
        }
        if (g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            return "the group's generator is out of range 1 < g < p-1";
        }
        return null;
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
