// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.spi.SecurityLevel;

/**
 * The Amiko client of the tests, running in the framework beside the server but with a catalog of
 * its own: the JDK pack's algorithms as they were when the test began, plus the test plug-ins' wire
 * names backed by the JDK pack's {@code aes128-ctr}. So the client can always ask for a test
 * cipher, and whether a handshake agrees on it depends on the server's live catalog alone.
 */
final class TestClient {
    /** The wire name of the cipher test plug-ins (both the plain and the ranked one). */
    static final String TEST_CIPHER = "aes128-ctr-test@amiko.org";
    static final String BROKEN_SELF_TEST = "broken-selftest@amiko.org";
    static final String BROKEN_PLAINTEXT = "broken-plaintext@amiko.org";

    private final ServerFixture.Server server;
    private final AlgorithmCatalog catalog;

    TestClient(ServerFixture fixture) throws Exception {
        this.server = fixture.server();
        AlgorithmCatalog live = fixture.catalog();
        AlgorithmCatalog.Builder builder = AlgorithmCatalog.builder();
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            for (AlgorithmCatalog.Entry entry : live.entries(family)) {
                if (entry.provider().startsWith("org.amiko.jca ")) {
                    builder.add(entry);
                }
            }
        }
        Object aes128Ctr = live.find(AlgorithmFamily.CIPHER, "aes128-ctr")
                .orElseThrow(() -> new AssertionError("the JDK pack's aes128-ctr is not in the server's catalog"))
                .implementation();
        // legacy: offered by this client only when a test names them
        for (String name : List.of(TEST_CIPHER, BROKEN_SELF_TEST, BROKEN_PLAINTEXT)) {
            builder.add(new AlgorithmCatalog.Entry(AlgorithmFamily.CIPHER, name, SecurityLevel.LEGACY, 0, aes128Ctr,
                    "test client", 0));
        }
        this.catalog = builder.build();
    }

    /** Connects, checks the host key against the server's key files and logs in as {@code user} with the test's key. */
    Transport login(String user) throws IOException {
        return login(user, null);
    }

    /**
     * As {@link #login(String)}, offering only {@code ciphers} (in this order) when not null.
     *
     * @throws org.amiko.AlgorithmNegotiationException if the server offers none of them
     */
    Transport login(String user, List<String> ciphers) throws IOException {
        Transport transport = Amiko.connect(new InetSocketAddress("127.0.0.1", server.port()),
                TransportSettings.defaults(), () -> catalog);
        try {
            if (ciphers != null) {
                transport.getSecurityOptions().setCiphers(ciphers);
            }
            transport.startClient((peer, type, key) -> server.hostKeys().contains(key));
            List<String> remaining = transport.authPublickey(user, server.user());
            if (!remaining.isEmpty()) {
                throw new AssertionError("the server wants more authentication: " + remaining);
            }
            return transport;
        } catch (IOException | RuntimeException | Error e) {
            transport.close();
            throw e;
        }
    }
}
