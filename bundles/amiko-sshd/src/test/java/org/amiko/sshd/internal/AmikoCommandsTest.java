// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** amiko:settings' address: an address as written, never a name looked up. */
class AmikoCommandsTest {
    @Test
    void addressesAreLiteralsOnly() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.7"), AmikoCommands.literal("192.0.2.7"));
        assertEquals(InetAddress.getByName("2001:db8::1"), AmikoCommands.literal("2001:db8::1"));
        assertNull(AmikoCommands.literal(null));
        for (String name : new String[] {"localhost", "999.1.1.1", "1.2.3", "1.2.3.4.5", "example.org", "2001:zz::1", ""}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AmikoCommands.literal(name), name);
            assertEquals("give an IPv4 or IPv6 address, not " + name, refused.getMessage());
        }
    }

    /** amiko:settings' local address and port are checked before anything is looked up, with what to give. */
    @Test
    void aLocalPortOrAddressThatIsNotOneIsSaid() throws Exception {
        AmikoCommands commands = new AmikoCommands(null);
        for (String port : new String[] {"0", "65536", "ssh", "", "-1"}) {
            assertEquals("give a local port from 1 to 65535, not " + port + "\n",
                    commands.settings("pat", "192.0.2.7", "10.0.0.1", port));
        }
        assertEquals("give an IPv4 or IPv6 address, not inside\n", commands.settings("pat", "192.0.2.7", "inside", "22"));
    }
}
