// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The setEnv setting, read as sshd reads {@code SetEnv}. */
class SetEnvSettingTest {
    @Test
    void setEnvAsSshdReadsSetEnv() {
        assertEquals(Map.of(), LoginSettings.setEnvVariables(""));
        assertEquals(Map.of(), LoginSettings.setEnvVariables(" none "));
        Map<String, String> variables = LoginSettings.setEnvVariables("PATH=/opt/bin:/usr/bin GREETING=\"hello world\" "
                + "EMPTY= PATH=/ignored");
        assertEquals(List.of("PATH", "GREETING", "EMPTY"), List.copyOf(variables.keySet()));
        assertEquals("/opt/bin:/usr/bin", variables.get("PATH"));
        assertEquals("hello world", variables.get("GREETING"));
        assertEquals("", variables.get("EMPTY"));
        for (String bad : List.of("NOVALUE", "=x", "A=\"open")) {
            assertThrows(IllegalArgumentException.class, () -> LoginSettings.setEnvVariables(bad), bad);
        }
        assertEquals("setEnv: an unterminated quote: A=\"open",
                assertThrows(IllegalArgumentException.class, () -> LoginSettings.setEnvVariables("A=\"open")).getMessage());
        // as a match block gives it
        LoginSettings.check("setEnv", "A=1");
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.check("setEnv", "A"));
    }
}
