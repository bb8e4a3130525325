// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;

/**
 * The well-behaved Amiko client that checks, after each hostile case, that a {@link TestServer} still
 * serves others: it logs in with a password and runs a command.
 */
final class NormalClient {
    private NormalClient() {}

    /** Logs in and runs {@code echo}; fails unless both work. */
    static void assertServes(TestServer server) throws Exception {
        try (Transport transport = login(server)) {
            execEcho(transport);
        }
    }

    /** Connects, checks the host key against the server's, and logs in as the password user. */
    static Transport login(TestServer server) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", server.port());
        try {
            transport.startClient((peer, type, key) -> server.keys().stream()
                    .anyMatch(pair -> pair.getPublic().equals(key)));
            transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            return transport;
        } catch (Exception | Error e) {
            transport.close();
            throw e;
        }
    }

    /** Runs {@code echo} on a new session channel and checks its output and exit status. */
    static void execEcho(Transport transport) throws Exception {
        Channel channel = transport.openSession();
        channel.exec("echo still-serving");
        assertEquals("still-serving\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.of(0), channel.recvExitStatus(Duration.ofSeconds(5)));
        channel.close();
    }
}
