// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.amiko.spi.kex.KexAlgorithm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Every key exchange through its SPI, as the core runs it: {@code exchange} is both sides end to end
 * (client key pair, server encapsulation, client decapsulation); {@code serverSide} is the server's
 * share alone, the part that sets a server's CPU per connection. The exchange hash and the host-key
 * signature are the core's and {@link SignatureBenchmark}'s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class KexBenchmark {
    @Param({"curve25519-sha256", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "mlkem768x25519-sha256", "mlkem768nistp256-sha256", "mlkem1024nistp384-sha384",
            "sntrup761x25519-sha512", "curve448-sha512", "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"})
    public String kex;

    private KexAlgorithm algorithm;
    private SecureRandom random;
    private byte[] clientPublic;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        algorithm = Plugins.kex(kex);
        random = new SecureRandom();
        clientPublic = algorithm.newClient(random).publicValue();
    }

    @Benchmark
    public byte[] exchange() throws GeneralSecurityException {
        KexAlgorithm.ClientKex client = algorithm.newClient(random);
        KexAlgorithm.Encapsulation server = algorithm.encapsulate(client.publicValue(), random);
        byte[] secret = client.decapsulate(server.serverPublic());
        if (secret.length != server.sharedSecret().length) {
            throw new IllegalStateException(kex + ": the two sides derived different secrets");
        }
        return secret;
    }

    @Benchmark
    public KexAlgorithm.Encapsulation serverSide() throws GeneralSecurityException {
        return algorithm.encapsulate(clientPublic, random);
    }
}
