// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.testkit.EchoServer;

/**
 * For tests: loopback servers that let anyone in ({@link EchoServer#anyone()}) with an Ed25519
 * host key, and clients logged in to them.
 */
public final class EchoServers {
    private EchoServers() {}

    public static KeyPair hostKey() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** A server on {@code address} (port 0: any free one), ready for more settings before {@code start()}. */
    public static SshServer.Builder builder(InetSocketAddress address, KeyPair hostKey) {
        return SshServer.builder().address(address).hostKeys(List.of(hostKey)).server(t -> EchoServer.anyone());
    }

    /** As {@link #builder(InetSocketAddress, KeyPair)} on a free loopback port. */
    public static SshServer.Builder builder(KeyPair hostKey) {
        return builder(new InetSocketAddress("127.0.0.1", 0), hostKey);
    }

    /** A client of {@code server}, which it checks by {@code hostKey}, logged in with "none". */
    public static Transport loggedIn(SshServer server, KeyPair hostKey) throws IOException {
        return loggedIn(server, hostKey, TransportSettings.defaults());
    }

    /** As {@link #loggedIn(SshServer, KeyPair)} with the client's own {@code settings}. */
    public static Transport loggedIn(SshServer server, KeyPair hostKey, TransportSettings settings) throws IOException {
        Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), settings,
                Amiko::defaultCatalog);
        try {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authNone("anyone");
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
