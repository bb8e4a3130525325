// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amiko.SshException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured route is checked before anything connects: every host on it points at a closed
 * loopback port, so a check that came after a connection attempt would fail differently.
 */
class SshClientRouteTest {
    private static final ConnectOptions NOTHING = new ConnectOptions(List.of(), false, false, null, null);

    private static SshException refused(String host, String config) throws IOException {
        SshConfig parsed = SshConfig.parse(config);
        try (SshClient client = new SshClient()) {
            return assertThrows(SshException.class, () -> client.connect(host, parsed, NOTHING));
        }
    }

    @Test
    void aProxyJumpLoopFailsBeforeAnythingConnects() throws IOException {
        SshException loop = refused("a", "Host a b\n  HostName 127.0.0.1\n  Port 1\nHost a\n  ProxyJump b\n"
                + "Host b\n  ProxyJump a\n");
        assertEquals("ProxyJump loops or goes more than 16 hosts deep: a > b > a", loop.getMessage());
    }

    @Test
    void aChainDeeperThanSshAllowsFailsBeforeAnythingConnects() throws IOException {
        StringBuilder config = new StringBuilder("Host *\n  HostName 127.0.0.1\n  Port 1\n");
        for (int hop = 0; hop < 20; hop++) {
            config.append("Host h").append(hop).append("\n  ProxyJump h").append(hop + 1).append('\n');
        }
        SshException deep = refused("h0", config.toString());
        assertEquals("ProxyJump loops or goes more than 16 hosts deep: h0 > h1 > h2 > h3 > h4 > h5 > h6 > h7 > h8 > h9 "
                + "> h10 > h11 > h12 > h13 > h14 > h15 > h16", deep.getMessage());
    }

    /**
     * Each host of a route is looked up once, as ssh looks each up once: a Match exec command of
     * the jump host runs once though the route is checked before it is walked. The jump host is
     * a closed port, so the walk ends there.
     */
    @Test
    void eachHostOfARouteIsLookedUpOnce(@TempDir Path directory) throws IOException {
        Path runs = directory.resolve("runs");
        SshConfig config = SshConfig.parse("Host *\n  HostName 127.0.0.1\n  Port 1\nHost target\n  ProxyJump hop\n"
                + "Match originalhost hop exec \"echo %n >> " + runs + "\"\n  User via-exec\n");
        try (SshClient client = new SshClient()) {
            assertThrows(IOException.class, () -> client.connect("target", config, NOTHING));
        }
        assertEquals(List.of("hop"), Files.readAllLines(runs));
    }
}
