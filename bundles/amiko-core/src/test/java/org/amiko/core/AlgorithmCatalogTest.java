// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.jca.cipher.Aes128Ctr;
import org.amiko.jca.cipher.Aes256Ctr;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.spi.SecurityLevel;
import org.amiko.spi.SelfTesting;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.PacketMac;
import org.junit.jupiter.api.Test;

/** The catalog admits plug-ins by their properties and behaviour, ranks providers of one name, and says why it refused any. */
class AlgorithmCatalogTest {

    @Test
    void higherRankingWinsAndTheOtherIsShadowed() {
        Aes128Ctr low = new Aes128Ctr();
        Aes128Ctr high = new Aes128Ctr();
        AlgorithmCatalog catalog = AlgorithmCatalog.builder()
                .addService(low, "aes128-ctr", "recommended", 800, "bundle-a 1.0", 0)
                .addService(high, "aes128-ctr", "recommended", 800, "bundle-b 2.0", 10).build();
        assertSame(high, catalog.find(AlgorithmFamily.CIPHER, "aes128-ctr").orElseThrow().implementation());
        assertEquals(1, catalog.shadowed().size());
        assertEquals("bundle-a 1.0", catalog.shadowed().get(0).provider());
        // the winner leaves: rebuilt without it, the other takes over
        AlgorithmCatalog after = AlgorithmCatalog.builder()
                .addService(low, "aes128-ctr", "recommended", 800, "bundle-a 1.0", 0).build();
        assertSame(low, after.find(AlgorithmFamily.CIPHER, "aes128-ctr").orElseThrow().implementation());
    }

    @Test
    void invalidPropertiesAreReportedNotOffered() {
        AlgorithmCatalog catalog = AlgorithmCatalog.builder()
                .addService(new Aes128Ctr(), null, "recommended", 1, "no-name 1.0", 0)
                .addService(new Aes256Ctr(), "aes256-ctr", "super-safe", 1, "bad-level 1.0", 0)
                .addService(new HmacSha2256(), "bad name,with comma", "recommended", 1, "bad-wire 1.0", 0)
                .addService("not a plug-in", "x", "recommended", 1, "odd 1.0", 0).build();
        assertTrue(catalog.entries(AlgorithmFamily.CIPHER).isEmpty());
        assertTrue(catalog.entries(AlgorithmFamily.MAC).isEmpty());
        assertEquals(4, catalog.problems().size(), catalog.problems()::toString);
        assertTrue(catalog.problems().get(0).contains("no-name 1.0") && catalog.problems().get(0).contains("amiko.algorithm"));
        assertTrue(catalog.problems().get(1).contains("super-safe"));
    }

    /** A cipher whose known-answer test fails. */
    static final class FailingSelfTest extends BrokenCipher implements SelfTesting {
        @Override
        public void selfTest() throws GeneralSecurityException {
            throw new GeneralSecurityException("known answer mismatch");
        }
    }

    /** A cipher that seals nothing: the generic round trip notices. */
    static class BrokenCipher implements CipherAlgorithm {
        @Override
        public int keyLength() {
            return 16;
        }

        @Override
        public int ivLength() {
            return 0;
        }

        @Override
        public int blockSize() {
            return 8;
        }

        @Override
        public boolean isAuthenticated() {
            return true;
        }

        @Override
        public PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) {
            return new PacketSealer() {
                @Override
                public int blockSize() {
                    return 8;
                }

                @Override
                public boolean isLengthOutsidePadding() {
                    return false;
                }

                @Override
                public int trailerLength() {
                    return 0;
                }

                @Override
                public void seal(int sequence, byte[] packet, int offset, int length) {
                    // "encrypts" nothing
                }
            };
        }

        @Override
        public PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) {
            return new PacketOpener() {
                @Override
                public int lengthBlockSize() {
                    return 4;
                }

                @Override
                public int trailerLength() {
                    return 0;
                }

                @Override
                public int blockSize() {
                    return 8;
                }

                @Override
                public boolean isLengthOutsidePadding() {
                    return false;
                }

                @Override
                public int packetLength(int sequence, byte[] buffer, int offset) {
                    return ByteBuffer.wrap(buffer, offset, 4).getInt();
                }

                @Override
                public void open(int sequence, byte[] buffer, int offset, int length) {
                    // "decrypts" nothing
                }
            };
        }
    }

    @Test
    void pluginsThatFailTheirSelfTestAreReportedNotOffered() {
        AlgorithmCatalog catalog = AlgorithmCatalog.builder()
                .addService(new FailingSelfTest(), "broken1@test", "recommended", 1, "broken 1.0", 0)
                .addService(new BrokenCipher(), "broken2@test", "recommended", 1, "broken 1.0", 0)
                .addService(new Aes128Ctr(), "aes128-ctr", "recommended", 1, "good 1.0", 0).build();
        assertEquals(List.of("aes128-ctr"), catalog.defaultNames(AlgorithmFamily.CIPHER));
        assertEquals(2, catalog.problems().size());
        assertTrue(catalog.problems().get(0).contains("known answer mismatch"), catalog.problems().get(0));
        assertTrue(catalog.problems().get(1).contains("unencrypted"), catalog.problems().get(1));
    }

    @Test
    void legacyIsKnownButNotDefaultAndAliasesFollowTheirName() {
        AlgorithmCatalog catalog = AlgorithmCatalog.fromServiceLoader();
        assertEquals(SecurityLevel.LEGACY, catalog.find(AlgorithmFamily.MAC, "hmac-sha1").orElseThrow().security());
        assertTrue(!catalog.defaultNames(AlgorithmFamily.MAC).contains("hmac-sha1"));
        List<String> kex = catalog.defaultNames(AlgorithmFamily.KEX);
        assertEquals(kex.indexOf("curve25519-sha256") + 1, kex.indexOf("curve25519-sha256@libssh.org"));
        assertTrue(catalog.problems().isEmpty(), catalog.problems()::toString);
    }

    /** A key exchange that is never run: only its annotation matters here. */
    abstract static class UnusedKex implements KexAlgorithm {
        @Override
        public String digestAlgorithm() {
            return "SHA-256";
        }

        @Override
        public ClientKex newClient(SecureRandom random) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) {
            throw new UnsupportedOperationException();
        }
    }

    @SshAlgorithm(algorithm = "x-kex@amiko.example")
    static final class PlainKex extends UnusedKex {}

    @SshAlgorithm(algorithm = "x-kex@amiko.example", ranking = 100)
    static final class FasterKex extends UnusedKex {}

    /** Outside OSGi the annotation's ranking decides, whatever order ServiceLoader finds the two in. */
    @Test
    void annotatedRankingWinsInEitherOrder() {
        for (boolean fasterFirst : new boolean[] {true, false}) {
            AlgorithmCatalog.Builder builder = AlgorithmCatalog.builder();
            if (fasterFirst) {
                builder.addAnnotated(new FasterKex(), "faster").addAnnotated(new PlainKex(), "plain");
            } else {
                builder.addAnnotated(new PlainKex(), "plain").addAnnotated(new FasterKex(), "faster");
            }
            AlgorithmCatalog catalog = builder.build();
            AlgorithmCatalog.Entry winner = catalog.find(AlgorithmFamily.KEX, "x-kex@amiko.example").orElseThrow();
            assertTrue(winner.implementation() instanceof FasterKex, "faster first: " + fasterFirst);
            assertEquals(100, winner.ranking());
            assertEquals(1, catalog.shadowed().size());
            assertEquals("plain", catalog.shadowed().get(0).provider());
            assertEquals(0, catalog.shadowed().get(0).ranking());
        }
    }
}
