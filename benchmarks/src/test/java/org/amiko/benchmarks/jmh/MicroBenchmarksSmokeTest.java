// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Param;

/**
 * Runs every micro-benchmark method once for every parameter, without JMH and without timing: the
 * build proves the benchmarks work (every cipher/MAC pair seals what it opens, every key exchange
 * agrees) while the measuring stays with {@code benchmarks/run jmh}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MicroBenchmarksSmokeTest {

    @Test
    void everyPacketSuiteSealsAndOpens() throws Exception {
        PacketBenchmark benchmark = new PacketBenchmark();
        for (String suite : params(PacketBenchmark.Sealing.class, "suite")) {
            PacketBenchmark.Sealing sealing = new PacketBenchmark.Sealing();
            sealing.suite = suite;
            sealing.setUp();
            benchmark.seal(sealing);
            PacketBenchmark.Opening opening = new PacketBenchmark.Opening();
            opening.suite = suite;
            opening.setUp();
            opening.restore();
            benchmark.open(opening);
        }
    }

    @Test
    void everyKeyExchangeAgrees() throws Exception {
        for (String kex : params(KexBenchmark.class, "kex")) {
            KexBenchmark benchmark = new KexBenchmark();
            benchmark.kex = kex;
            benchmark.setUp();
            assertTrue(benchmark.exchange().length > 0, kex);
            benchmark.serverSide();
        }
    }

    @Test
    void everySignatureVerifies() throws Exception {
        for (String algorithm : params(SignatureBenchmark.class, "algorithm")) {
            SignatureBenchmark benchmark = new SignatureBenchmark();
            benchmark.algorithm = algorithm;
            benchmark.setUp();
            benchmark.sign();
            assertTrue(benchmark.verify(), algorithm);
        }
    }

    @Test
    void kexInitIsBuilt() {
        for (String policy : params(KexInitBenchmark.class, "policy")) {
            KexInitBenchmark benchmark = new KexInitBenchmark();
            benchmark.policy = policy;
            benchmark.setUp();
            assertTrue(benchmark.kexInit().length > 100, policy);
        }
        assertTrue(new KexInitBenchmark().catalogFromServiceLoader().problems().isEmpty());
    }

    @Test
    void everyKeyExchangeConnectsEndToEnd() throws Exception {
        for (String kex : params(HandshakeBenchmark.class, "kex")) {
            HandshakeBenchmark benchmark = new HandshakeBenchmark();
            benchmark.kex = kex;
            benchmark.setUp();
            try {
                assertTrue(benchmark.connect(), kex);
            } finally {
                benchmark.tearDown();
            }
        }
    }

    private static String[] params(Class<?> type, String field) {
        try {
            return type.getField(field).getAnnotation(Param.class).value();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }
}
