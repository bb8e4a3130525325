// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a transport engine needs to know.
 *
 * @param client true for the client role
 * @param softwareVersion the part after {@code SSH-2.0-} in our identification line
 * @param maxPacketLength the largest {@code packet_length} accepted (RFC 4253 section 6.1 demands
 *     at least 35000)
 * @param rekeyBytes bytes in both directions after which keys are re-exchanged
 * @param rekeyIntervalNanos time after which keys are re-exchanged
 * @param hostKeys the server's host keys (empty for a client)
 */
public record EngineConfig(boolean client, String softwareVersion, int maxPacketLength, long rekeyBytes,
        long rekeyIntervalNanos, SecureRandom random, AlgorithmOffer offer, Supplier<List<KeyPair>> hostKeys) {}
