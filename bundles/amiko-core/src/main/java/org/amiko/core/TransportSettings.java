// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of a transport, with defaults a public server can live with. Immutable; use
 * {@link #builder()}.
 *
 * @param softwareVersion the {@code softwareversion} of our identification line (RFC 4253 section 4.2)
 * @param maxPacketLength the largest {@code packet_length} accepted (256 KiB)
 * @param rekeyBytes re-exchange keys after this many bytes in both directions (1 GiB, RFC 4253 section 9)
 * @param rekeyInterval re-exchange keys after this long (1 hour)
 * @param channelWindow the window each channel grants the peer (2 MiB)
 * @param channelMaxPacket the largest data packet each channel accepts (32 KiB)
 * @param maxChannels channels a peer may have open at once (64)
 * @param maxAuthTries failed authentication attempts per connection before the server disconnects (6)
 * @param loginGraceTime time a client has to authenticate (2 minutes)
 * @param outputHighWater bytes queued for the socket at which channel writers wait (1 MiB)
 * @param connectTimeout how long a client waits for the TCP connection, and then for the server's
 *     part of the handshake: its identification and host key, and, from the verifier's verdict,
 *     the rest of the first key exchange (2 minutes, where ssh's {@code ConnectTimeout} has no
 *     default and bounds the connection and the identification only); also how long the server
 *     may take to answer each authentication request (paramiko's {@code auth_timeout}; the time
 *     a keyboard-interactive handler takes is the client's). {@link Duration#ZERO} waits for
 *     ever. A wait that runs out ends the connection, with an exception saying what the server
 *     did not send in time.
 */
public record TransportSettings(String softwareVersion, int maxPacketLength, long rekeyBytes, Duration rekeyInterval,
        int channelWindow, int channelMaxPacket, int maxChannels, int maxAuthTries, Duration loginGraceTime,
        long outputHighWater, Duration connectTimeout) {

    /** The software version Amiko announces. */
    public static final String SOFTWARE_VERSION = "Amiko_0.1";

    public TransportSettings {
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        if (maxPacketLength < 35000) {
            throw new IllegalArgumentException("maxPacketLength must be at least 35000 (RFC 4253 section 6.1)");
        }
        if (channelMaxPacket < 1024 || channelMaxPacket > maxPacketLength - 1024) {
            throw new IllegalArgumentException("channelMaxPacket must be between 1024 and maxPacketLength - 1024");
        }
        if (channelWindow < channelMaxPacket) {
            throw new IllegalArgumentException("channelWindow must be at least channelMaxPacket");
        }
        if (rekeyBytes < 16 * 1024 || maxChannels < 1 || maxAuthTries < 1 || outputHighWater < 64 * 1024) {
            throw new IllegalArgumentException("rekeyBytes >= 16 KiB, maxChannels >= 1, maxAuthTries >= 1 and "
                    + "outputHighWater >= 64 KiB are required");
        }
        Objects.requireNonNull(rekeyInterval, "rekeyInterval");
        Objects.requireNonNull(loginGraceTime, "loginGraceTime");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (!connectTimeout.isZero()
                && (connectTimeout.compareTo(Duration.ofMillis(1)) < 0
                        || connectTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0)) {
            throw new IllegalArgumentException("connectTimeout must be zero (none) or from 1 ms to "
                    + Integer.MAX_VALUE + " ms");
        }
    }

    /**
     * The settings of {@code org.amiko.core} 1.1, with the default {@code connectTimeout}.
     *
     * @deprecated use {@link #builder()}, which names what it sets
     */
    @Deprecated(since = "1.2")
    public TransportSettings(String softwareVersion, int maxPacketLength, long rekeyBytes, Duration rekeyInterval,
            int channelWindow, int channelMaxPacket, int maxChannels, int maxAuthTries, Duration loginGraceTime,
            long outputHighWater) {
        this(softwareVersion, maxPacketLength, rekeyBytes, rekeyInterval, channelWindow, channelMaxPacket, maxChannels,
                maxAuthTries, loginGraceTime, outputHighWater, DEFAULT_CONNECT_TIMEOUT);
    }

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMinutes(2);

    /** The defaults. */
    public static TransportSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.softwareVersion = softwareVersion;
        builder.maxPacketLength = maxPacketLength;
        builder.rekeyBytes = rekeyBytes;
        builder.rekeyInterval = rekeyInterval;
        builder.channelWindow = channelWindow;
        builder.channelMaxPacket = channelMaxPacket;
        builder.maxChannels = maxChannels;
        builder.maxAuthTries = maxAuthTries;
        builder.loginGraceTime = loginGraceTime;
        builder.outputHighWater = outputHighWater;
        builder.connectTimeout = connectTimeout;
        return builder;
    }

    /** Builds {@link TransportSettings}. */
    public static final class Builder {
        private String softwareVersion = SOFTWARE_VERSION;
        private int maxPacketLength = 256 * 1024;
        private long rekeyBytes = 1L << 30;
        private Duration rekeyInterval = Duration.ofHours(1);
        private int channelWindow = 2 * 1024 * 1024;
        private int channelMaxPacket = 32 * 1024;
        private int maxChannels = 64;
        private int maxAuthTries = 6;
        private Duration loginGraceTime = Duration.ofMinutes(2);
        private long outputHighWater = 1024 * 1024;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder() {}

        public Builder softwareVersion(String value) {
            softwareVersion = value;
            return this;
        }

        public Builder maxPacketLength(int value) {
            maxPacketLength = value;
            return this;
        }

        public Builder rekeyBytes(long value) {
            rekeyBytes = value;
            return this;
        }

        public Builder rekeyInterval(Duration value) {
            rekeyInterval = value;
            return this;
        }

        public Builder channelWindow(int value) {
            channelWindow = value;
            return this;
        }

        public Builder channelMaxPacket(int value) {
            channelMaxPacket = value;
            return this;
        }

        public Builder maxChannels(int value) {
            maxChannels = value;
            return this;
        }

        public Builder maxAuthTries(int value) {
            maxAuthTries = value;
            return this;
        }

        public Builder loginGraceTime(Duration value) {
            loginGraceTime = value;
            return this;
        }

        public Builder outputHighWater(long value) {
            outputHighWater = value;
            return this;
        }

        /** @since 1.2 */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public TransportSettings build() {
            return new TransportSettings(softwareVersion, maxPacketLength, rekeyBytes, rekeyInterval, channelWindow,
                    channelMaxPacket, maxChannels, maxAuthTries, loginGraceTime, outputHighWater, connectTimeout);
        }
    }
}
