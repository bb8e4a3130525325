// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every key exchange end to end through the whole engine: an Amiko client connects over loopback to
 * an Amiko server in the same JVM, exchanges versions and keys with the one method pinned, verifies
 * the ssh-ed25519 host key, authenticates with an Ed25519 user key and disconnects. Both sides'
 * CPU is in the figure; the loopback harness measures the server's alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class HandshakeBenchmark {
    @Param({"curve25519-sha256", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group-exchange-sha256", "mlkem768x25519-sha256", "mlkem768nistp256-sha256",
            "mlkem1024nistp384-sha384", "sntrup761x25519-sha512", "curve448-sha512"})
    public String kex;

    private SshServer server;
    private PublicKey hostKey;
    private KeyPair user;

    @Setup(Level.Trial)
    public void setUp() throws IOException, GeneralSecurityException {
        KeyPair host = KeyPairs.generate("ssh-ed25519");
        hostKey = host.getPublic();
        user = KeyPairs.generate("ssh-ed25519");
        PublicKey allowed = user.getPublic();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(host))
                .server(transport -> new ServerInterface() {
                    @Override
                    public List<String> getAllowedAuths(String username) {
                        return List.of("publickey");
                    }

                    @Override
                    public AuthResult checkAuthPublickey(String username, PublicKey key) {
                        return allowed.equals(key) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }
                }).start();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.closeAll();
    }

    @Benchmark
    public boolean connect() throws IOException {
        try (Transport transport = Amiko.connect(server.address(), TransportSettings.defaults(),
                Amiko::defaultCatalog)) {
            transport.getSecurityOptions().setKex(List.of(kex));
            transport.getSecurityOptions().setKeyTypes(List.of("ssh-ed25519"));
            transport.startClient(HostKeyVerifier.exactly(hostKey));
            transport.authPublickey("bench", user);
            return transport.isAuthenticated();
        }
    }
}
