// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.HostKeyVerifier;
import org.amiko.spi.SecurityLevel;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.spi.kex.GroupExchangeAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Diffie-Hellman group exchange (RFC 4419) between the Amiko client and server, and the client's
 * checks of the group a server sends: here a server whose group plug-in chooses what no honest
 * server would, which the client must refuse before computing anything in it.
 */
@Timeout(60)
class GroupExchangeTest {
    private static final String GEX = "diffie-hellman-group-exchange-sha256";
    private static final AlgorithmCatalog FULL = AlgorithmCatalog.fromServiceLoader();
    private SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.closeAll();
        }
    }

    private Transport connect(KeyPair hostKey, String kex) throws IOException {
        Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
        client.getSecurityOptions().set(AlgorithmFamily.KEX, List.of(kex));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        return client;
    }

    private SshServer start(KeyPair hostKey, AlgorithmCatalog catalog, String kex) throws IOException {
        return EchoServers.builder(hostKey).catalog(() -> catalog)
                .algorithms(new AlgorithmPolicy().set(AlgorithmFamily.KEX, kex)).start();
    }

    @Test
    void theClientAndServerAgreeInAGroupOfTheServersChoice() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        for (String kex : List.of(GEX, "diffie-hellman-group-exchange-sha1")) {
            server = start(hostKey, FULL, kex);
            try (Transport client = connect(hostKey, kex)) {
                client.authNone("anyone");
                assertEquals(kex, ((SshTransport) client).session().engine().suite().kexName());
                client.renegotiateKeys();
                assertFalse(client.openSession().isClosed(), "the connection goes on after a re-exchange");
            }
            server.closeAll();
        }
    }

    /** The group exchange plug-in with its group choice replaced by {@code group}. */
    private static AlgorithmCatalog serverChoosing(GroupExchangeAlgorithm.Group group) {
        GroupExchangeAlgorithm honest = (GroupExchangeAlgorithm) FULL.find(AlgorithmFamily.KEX, GEX).orElseThrow()
                .implementation();
        GroupExchangeAlgorithm hostile = new GroupExchangeAlgorithm() {
            @Override
            public Group chooseGroup(int min, int preferred, int max) {
                return group;
            }

            @Override
            public KexAlgorithm inGroup(Group chosen) {
                // the server computes in it unchecked: only the client's checks are under test
                try {
                    return honest.inGroup(honest.chooseGroup(2048, 2048, 2048));
                } catch (GeneralSecurityException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public String digestAlgorithm() {
                return honest.digestAlgorithm();
            }

            @Override
            public ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
                return honest.newClient(random);
            }

            @Override
            public Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
                return honest.encapsulate(clientPublic, random);
            }
        };
        AlgorithmCatalog.Builder builder = AlgorithmCatalog.builder();
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            for (AlgorithmCatalog.Entry entry : FULL.entries(family)) {
                if (entry.implementation() != null && !entry.name().equals(GEX)) {
                    builder.add(entry);
                }
            }
        }
        return builder.add(new AlgorithmCatalog.Entry(AlgorithmFamily.KEX, GEX, SecurityLevel.RECOMMENDED, 610,
                hostile, "test", 0)).build();
    }

    private DisconnectException refusedGroup(GroupExchangeAlgorithm.Group group) throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        server = start(hostKey, serverChoosing(group), GEX);
        IOException failure = assertThrows(IOException.class, () -> connect(hostKey, GEX).close());
        DisconnectException disconnect = failure instanceof DisconnectException d ? d
                : (DisconnectException) failure.getCause();
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, disconnect.getReason(), disconnect::toString);
        return disconnect;
    }

    /** Logjam's weapon: a 1024-bit group, smaller than the 2048 bits asked for. */
    @Test
    void aGroupSmallerThanAskedForIsRefused() throws Exception {
        BigInteger p1024 = BigInteger.ONE.shiftLeft(1023).add(BigInteger.valueOf(1155));
        DisconnectException refused = refusedGroup(new GroupExchangeAlgorithm.Group(p1024, BigInteger.TWO));
        assertTrue(refused.getMessage().contains("1024-bit prime; 2048 to 8192 bits were asked for"),
                refused.getMessage());
    }

    /** g = 1 makes every public value 1 and the shared secret known. */
    @Test
    void aGeneratorOutOfRangeIsRefused() throws Exception {
        BigInteger p = ((GroupExchangeAlgorithm) FULL.find(AlgorithmFamily.KEX, GEX).orElseThrow().implementation())
                .chooseGroup(2048, 2048, 2048).prime();
        DisconnectException refused = refusedGroup(new GroupExchangeAlgorithm.Group(p, BigInteger.ONE));
        assertTrue(refused.getMessage().contains("unusable " + GEX + " group"), refused.getMessage());
    }
}
