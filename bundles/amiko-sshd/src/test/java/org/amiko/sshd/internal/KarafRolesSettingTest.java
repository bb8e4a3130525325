// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The karafRoles setting: the roles Karaf's console runs a login's commands with. */
class KarafRolesSettingTest {
    @Test
    void rolesAreNamesOrNone() {
        assertEquals(List.of("admin", "manager", "viewer", "systembundles"), LoginSettings.defaults().karafRoles(),
                "what Karaf's admingroup holds");
        assertEquals(List.of("viewer", "manager"), LoginSettings.karafRoles(" viewer, manager "));
        assertEquals(List.of("viewer", "manager"), LoginSettings.karafRoles("viewer manager"));
        assertEquals(List.of(), LoginSettings.karafRoles("none"));
        assertEquals(List.of(), LoginSettings.karafRoles(""));
        // Karaf's ACL files read "class:role" as a principal class; '=' cannot be in a name there
        for (String bad : List.of("org.example.Group:ops", "a=b", ",viewer")) {
            assertThrows(IllegalArgumentException.class, () -> LoginSettings.karafRoles(bad), bad);
        }
    }

    @Test
    void aMatchBlockReplacesTheServerWideRoles() {
        LoginSettings.check("karafRoles", "viewer");
        assertThrows(IllegalArgumentException.class, () -> LoginSettings.check("karafRoles", "a:b"));
        LoginSettings block = LoginSettings.defaults().with(Map.of("karafRoles", "viewer"));
        assertEquals(List.of("viewer"), block.karafRoles());
        assertEquals(List.of(), LoginSettings.defaults().with(Map.of("karafRoles", "none")).karafRoles());
    }
}
