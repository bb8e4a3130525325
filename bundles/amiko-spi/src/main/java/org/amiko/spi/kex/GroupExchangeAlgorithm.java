// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Diffie-Hellman group exchange (RFC 4419): the client asks for a group of about a size, the server
 * chooses one and sends it, and the exchange runs in that group. The core owns the messages
 * ({@code SSH_MSG_KEY_DH_GEX_REQUEST}, {@code GROUP}, {@code INIT}, {@code REPLY}: 34, 31, 32,
 * 33), the sizes the client asks for, and the exchange hash, which also covers the request and the
 * group (RFC 4419 section 3); this supplies the server's groups and the arithmetic. Once the group
 * is set, {@link #inGroup} is an exchange in KEM shape like any other.
 *
 * <p>Register it as a {@link KexAlgorithm} with {@link org.amiko.spi.SshAlgorithm}. Its own
 * {@link KexAlgorithm#newClient} and {@link KexAlgorithm#encapsulate} have no group to work in:
 * they throw {@link UnsupportedOperationException}, so that a core that does not know group
 * exchange fails plainly instead of running some fixed group under this name.
 *
 * @since 1.1
 */
@ConsumerType
public interface GroupExchangeAlgorithm extends KexAlgorithm {

    /**
     * Server: the group for a client that asks for a prime of at least {@code min}, about
     * {@code preferred} and at most {@code max} bits, the core having checked that
     * {@code min <= preferred <= max}. Called on a worker, not the I/O thread, so it may read its
     * groups from a file, as sshd reads {@code /etc/ssh/moduli}.
     *
     * @return the group, or null when this server has none within the bounds
     */
    Group chooseGroup(int min, int preferred, int max);

    /**
     * The exchange in {@code group}: on the server the one it chose, on the client the one the
     * server sent, whose size the core has checked against the request.
     *
     * @throws GeneralSecurityException if the group is unusable (an even or negative prime, a
     *     generator outside {@code 1 < g < p-1})
     */
    KexAlgorithm inGroup(Group group) throws GeneralSecurityException;

    /** A prime and generator, as {@code SSH_MSG_KEY_DH_GEX_GROUP} carries them. */
    record Group(BigInteger prime, BigInteger generator) {}
}
