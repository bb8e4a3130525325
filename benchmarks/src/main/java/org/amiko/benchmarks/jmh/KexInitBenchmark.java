// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.spi.wire.WireWriter;
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
 * Building {@code SSH_MSG_KEXINIT} from the catalog, as every connection does once per key exchange.
 * The core's own builder ({@code KexInit.create} behind {@code AlgorithmOffer}) is internal, so this
 * measures the closest public equivalent: the same public steps ({@link AlgorithmPolicy#names} for
 * the five families against a catalog snapshot) and the same encoding (RFC 4253 section 7.1 with
 * {@link WireWriter}). {@code policy=configured} is an OpenSSH-style list with a wildcard, as
 * {@code etc/org.amiko.sshd.cfg} may hold. {@code catalogFromServiceLoader} is what a catalog
 * change costs (discovery plus the catalog's self-tests of every plug-in).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class KexInitBenchmark {
    private static final int KEXINIT = 20;
    private static final AlgorithmFamily[] FAMILIES = {AlgorithmFamily.KEX, AlgorithmFamily.HOST_KEY,
        AlgorithmFamily.CIPHER, AlgorithmFamily.MAC, AlgorithmFamily.COMPRESSION};

    @Param({"default", "configured"})
    public String policy;

    private AlgorithmCatalog catalog;
    private AlgorithmPolicy algorithms;
    private SecureRandom random;

    @Setup(Level.Trial)
    public void setUp() {
        catalog = Plugins.catalog();
        algorithms = new AlgorithmPolicy();
        if (policy.equals("configured")) {
            algorithms.set(AlgorithmFamily.CIPHER, "^aes128-gcm@openssh.com,chacha20-poly1305@openssh.com")
                    .set(AlgorithmFamily.MAC, "-hmac-sha1*").set(AlgorithmFamily.KEX, "+diffie-hellman-group14-sha256")
                    .set(AlgorithmFamily.HOST_KEY, "ssh-ed25519,ecdsa-sha2-*,rsa-sha2-512");
        }
        random = new SecureRandom();
    }

    @Benchmark
    public byte[] kexInit() {
        return build(catalog, algorithms, random);
    }

    @Benchmark
    public AlgorithmCatalog catalogFromServiceLoader() {
        return AlgorithmCatalog.fromServiceLoader();
    }

    /** The payload of a KEXINIT: cookie, ten name-lists, first_kex_packet_follows, reserved. */
    static byte[] build(AlgorithmCatalog catalog, AlgorithmPolicy algorithms, SecureRandom random) {
        List<List<String>> lists = new ArrayList<>(FAMILIES.length);
        for (AlgorithmFamily family : FAMILIES) {
            lists.add(algorithms.names(family, catalog));
        }
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        WireWriter out = new WireWriter(512);
        out.writeByte(KEXINIT);
        out.writeBytes(cookie);
        out.writeNameList(lists.get(0));
        out.writeNameList(lists.get(1));
        out.writeNameList(lists.get(2));
        out.writeNameList(lists.get(2));
        out.writeNameList(lists.get(3));
        out.writeNameList(lists.get(3));
        out.writeNameList(lists.get(4));
        out.writeNameList(lists.get(4));
        out.writeNameList(List.of());
        out.writeNameList(List.of());
        out.writeBoolean(false);
        out.writeUint32(0);
        return out.toByteArray();
    }
}
