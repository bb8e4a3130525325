// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.amiko.core.TransportSettings;
import org.junit.jupiter.api.Test;

/** rekeyLimit in sshd's RekeyLimit syntax: scaled amounts as scan_scaled reads them, a time, none, default. */
class RekeyLimitSettingTest {
    @Test
    void amountsAndTimesAsSshdReadsThem() {
        assertEquals(new RekeyLimitSetting(1L << 30, Duration.ofHours(1)), RekeyLimitSetting.parse("1G 1h"));
        assertEquals(new RekeyLimitSetting(512L << 20, null), RekeyLimitSetting.parse("512m none"));
        assertEquals(new RekeyLimitSetting(3L << 29, Duration.ofMinutes(90)), RekeyLimitSetting.parse(" 1.5G  1h30m "));
        assertEquals(new RekeyLimitSetting(65536, null), RekeyLimitSetting.parse("65536"));
        assertEquals(new RekeyLimitSetting(TransportSettings.defaults().rekeyBytes(), null),
                RekeyLimitSetting.parse("default 0"));
    }

    @Test
    void theLimitsReachTheTransport() {
        TransportSettings settings = RekeyLimitSetting.parse("64M 10m").applyTo(TransportSettings.builder()).build();
        assertEquals(64L << 20, settings.rekeyBytes());
        assertEquals(Duration.ofMinutes(10), settings.rekeyInterval());
        Duration never = RekeyLimitSetting.parse("64M none").applyTo(TransportSettings.builder()).build().rekeyInterval();
        assertEquals(Long.MAX_VALUE, never.toNanos());
        assertNull(RekeyLimitSetting.parse("1G").interval());
    }

    @Test
    void whatSshdRefusesAndAmountsTooSmallAreRefused() {
        for (String bad : List.of("", "lots", "1X", "-1G", "1G 1h 2h", "1G forever", "1.2.3G", "15K", "100")) {
            assertThrows(IllegalArgumentException.class, () -> RekeyLimitSetting.parse(bad), bad);
        }
    }
}
