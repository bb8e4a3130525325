// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import org.amiko.spi.kex.GroupExchangeAlgorithm;

/**
 * The prime sizes a Diffie-Hellman group exchange asks for (RFC 4419 section 3): at least
 * {@code min}, about {@code preferred}, at most {@code max} bits, each a uint32 on the wire and,
 * as sent, part of the exchange hash.
 */
record GroupSizes(int min, int preferred, int max) {
    /** OpenSSH's bounds ({@code DH_GRP_MIN}, {@code DH_GRP_MAX}): below 2048 bits is too weak, above 8192 too slow. */
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 8192;

    /**
     * Client: what ssh asks for (kexgexc.c, dh.c's {@code dh_estimate}): 2048 to 8192 bits,
     * preferring a group as strong as the longest key, IV, block or MAC key the suite derives.
     */
    static GroupSizes forSuite(NegotiatedSuite suite) {
        int need = Math.max(need(suite.clientToServer()), need(suite.serverToClient())) * 8;
        int preferred = need <= 112 ? 2048 : need <= 128 ? 3072 : need <= 192 ? 7680 : MAX_BITS;
        return new GroupSizes(MIN_BITS, preferred, MAX_BITS);
    }

    private static int need(NegotiatedSuite.Direction direction) {
        int bytes = Math.max(direction.cipher().keyLength(),
                Math.max(direction.cipher().ivLength(), direction.cipher().blockSize()));
        return direction.mac() == null ? bytes : Math.max(bytes, direction.mac().keyLength());
    }

    /**
     * Server: the group {@code exchange} chooses for this request, as sshd serves one
     * (kexgexs.c): the sizes as sent must be in order, and the choice is made within
     * {@link #MIN_BITS} to {@link #MAX_BITS}; a client that allows nothing that large gets none.
     *
     * @return the group, or null when the request is out of order or nothing fits
     */
    GroupExchangeAlgorithm.Group chooseFrom(GroupExchangeAlgorithm exchange) {
        if (Integer.compareUnsigned(min, preferred) > 0 || Integer.compareUnsigned(preferred, max) > 0) {
            return null;
        }
        long low = Math.max(MIN_BITS, Integer.toUnsignedLong(min));
        long high = Math.min(MAX_BITS, Integer.toUnsignedLong(max));
        long wanted = Math.min(MAX_BITS, Math.max(MIN_BITS, Integer.toUnsignedLong(preferred)));
        return low > high ? null : exchange.chooseGroup((int) low, (int) wanted, (int) high);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(min) + " <= " + Integer.toUnsignedString(preferred) + " <= "
                + Integer.toUnsignedString(max) + " bits";
    }
}
