// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client offers first the host key algorithms whose keys its verifier knows for the server,
 * as ssh orders them from known_hosts, so a server with several keys shows the one on file.
 */
@Timeout(30)
class HostKeyOrderTest {

    /** Trusts exactly {@code known} and says it knows keys of {@code knownType}. */
    private static HostKeyVerifier knowing(String knownType, PublicKey known) {
        return new HostKeyVerifier() {
            @Override
            public boolean isTrusted(SocketAddress peer, String keyType, PublicKey key) {
                return key.equals(known);
            }

            @Override
            public List<String> knownKeyTypes(SocketAddress peer) {
                return List.of(knownType);
            }
        };
    }

    @Test
    void theKeyTypeOnFileIsNegotiatedOverTheConfiguredFirstChoice() throws Exception {
        KeyPair ed25519 = EchoServers.hostKey();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecdsa = ec.generateKeyPair();
        try (SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(List.of(ed25519, ecdsa)).server(t -> org.amiko.testkit.EchoServer.anyone()).start()) {
            Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                    TransportSettings.defaults(), Amiko::defaultCatalog);
            try (client) {
                assertEquals("ssh-ed25519", client.getSecurityOptions().get(AlgorithmFamily.HOST_KEY).get(0));
                client.startClient(knowing("ecdsa-sha2-nistp256", ecdsa.getPublic()));
                assertEquals(ecdsa.getPublic(), client.getRemoteServerKey());
            }
            // with nothing known, the configured order stands
            try (Transport plain = EchoServers.loggedIn(server, ed25519)) {
                assertEquals(ed25519.getPublic(), plain.getRemoteServerKey());
            }
        }
    }
}
