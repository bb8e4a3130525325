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
        // what went wrong, never the values, which may be secrets
        assertEquals("setEnv: an unterminated quote",
                assertThrows(IllegalArgumentException.class, () -> LoginSettings.setEnvVariables("A=\"open")).getMessage());
        assertEquals("setEnv: word 2 of 2 is not NAME=VALUE (a value with spaces goes in quotes)", assertThrows(
                IllegalArgumentException.class, () -> LoginSettings.setEnvVariables("TOKEN= s3cret")).getMessage());
        // permitUserEnvironment, server-wide: sshd's yes, no, or a pattern list
        assertEquals(null, LoginSettings.userEnvironment("no"));
        assertEquals(null, LoginSettings.userEnvironment(""));
        assertEquals("*", LoginSettings.userEnvironment("yes"));
        assertEquals("LANG,LC_*", LoginSettings.userEnvironment(" LANG, LC_* "));
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.userEnvironment("A=B"));
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.check("permitUserEnvironment", "yes"),
                "not in a match block, as in sshd");
        // as a match block gives it
        LoginSettings.check("setEnv", "A=1");
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.check("setEnv", "A"));
    }
}
