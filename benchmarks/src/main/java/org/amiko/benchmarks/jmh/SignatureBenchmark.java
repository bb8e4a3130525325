// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.amiko.keys.KeyPairs;
import org.amiko.spi.signature.SignatureAlgorithm;
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
 * Host-key signing (the server, once per key exchange) and verification (the client) of a 32-byte
 * exchange hash through {@link SignatureAlgorithm}. RSA keys are {@link KeyPairs#DEFAULT_RSA_BITS}
 * bits, as the runtime creates them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class SignatureBenchmark {
    @Param({"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256",
            "rsa-sha2-512", "ssh-rsa"})
    public String algorithm;

    private SignatureAlgorithm signature;
    private KeyPair key;
    private SecureRandom random;
    private byte[] hash;
    private byte[] signed;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        signature = Plugins.signature(algorithm);
        key = KeyPairs.generate(signature.keyType());
        random = new SecureRandom();
        hash = new byte[32];
        random.nextBytes(hash);
        signed = signature.sign(key.getPrivate(), hash, random);
        if (!signature.verify(key.getPublic(), hash, signed)) {
            throw new IllegalStateException(algorithm + " does not verify its own signature");
        }
    }

    @Benchmark
    public byte[] sign() throws GeneralSecurityException {
        return signature.sign(key.getPrivate(), hash, random);
    }

    @Benchmark
    public boolean verify() throws GeneralSecurityException {
        return signature.verify(key.getPublic(), hash, signed);
    }
}
