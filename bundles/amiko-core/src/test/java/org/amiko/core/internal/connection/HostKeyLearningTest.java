// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.amiko.AlgorithmFamily;
import org.amiko.HostKeyVerifier;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * The client's check of the server's host key proofs (OpenSSH PROTOCOL section 2.5), against the
 * proofs the server side makes: all verify, or the verifier hears of none.
 */
class HostKeyLearningTest {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();
    private static final byte[] SESSION = {9, 8, 7, 6};

    private final KeyPair ed25519 = generate("Ed25519");
    private final KeyPair rsa = generate("RSA");
    private final HostKeyUpdate server = new HostKeyUpdate(() -> List.of(ed25519, rsa), () -> CATALOG, () -> SESSION,
            () -> "ssh-ed25519", new SecureRandom());
    private final AtomicReference<List<PublicKey>> told = new AtomicReference<>();
    /** What hostKeysUpdated heard: the announced keys, then the proven ones. */
    private final CompletableFuture<List<List<PublicKey>>> updated = new CompletableFuture<>();
    private final HostKeyLearning client = new HostKeyLearning(new HostKeyVerifier() {
        @Override
        public boolean isTrusted(SocketAddress peer, String keyType, PublicKey key) {
            return true;
        }

        @Override
        public void hostKeysProven(SocketAddress peer, List<PublicKey> proven) {
            told.set(proven);
        }

        @Override
        public void hostKeysUpdated(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced,
                List<PublicKey> proven) {
            assertEquals(ed25519.getPublic(), sessionKey);
            updated.complete(List.of(announced, proven));
            hostKeysProven(peer, proven);
        }
    }, new InetSocketAddress("127.0.0.1", 22), () -> CATALOG, () -> SESSION, ed25519::getPublic);

    private static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static HostKeyLearning.Announced announced(KeyPair key, String algorithm) throws Exception {
        SignatureAlgorithm signature = (SignatureAlgorithm) CATALOG.find(AlgorithmFamily.HOST_KEY, algorithm)
                .orElseThrow().implementation();
        return new HostKeyLearning.Announced(key.getPublic(), signature.encodePublicKey(key.getPublic()));
    }

    /** A whole announcement of the server's two keys, {@code asked} to be proven. */
    private HostKeyLearning.Settled settled(List<HostKeyLearning.Announced> asked) {
        return new HostKeyLearning.Settled(ed25519.getPublic(), List.of(ed25519.getPublic(), rsa.getPublic()), true,
                asked);
    }

    private byte[] proofs(List<HostKeyLearning.Announced> asked) throws Exception {
        WireWriter request = new WireWriter(1024);
        asked.forEach(announced -> request.writeString(announced.blob()));
        return server.prove(request.toByteArray()).orElseThrow();
    }

    @Test
    void theServersProofsConvinceTheClient() throws Exception {
        List<HostKeyLearning.Announced> asked = List.of(announced(rsa, "rsa-sha2-512"), announced(ed25519, "ssh-ed25519"));
        client.proven(settled(asked), Optional.of(proofs(asked)), CATALOG);
        assertEquals(List.of(rsa.getPublic(), ed25519.getPublic()), told.get());
    }

    @Test
    void oneBadProofAndNothingIsLearnt() throws Exception {
        List<HostKeyLearning.Announced> asked = List.of(announced(rsa, "rsa-sha2-512"), announced(ed25519, "ssh-ed25519"));
        byte[] proofs = proofs(asked);
        proofs[proofs.length - 3] ^= 1; // inside the Ed25519 signature, the last
        client.proven(settled(asked), Optional.of(proofs), CATALOG);
        assertNull(told.get());
    }

    @Test
    void proofsForAnotherSessionOrInAnotherOrderConvinceNoOne() throws Exception {
        List<HostKeyLearning.Announced> asked = List.of(announced(rsa, "rsa-sha2-512"), announced(ed25519, "ssh-ed25519"));
        HostKeyUpdate elsewhere = new HostKeyUpdate(() -> List.of(ed25519, rsa), () -> CATALOG, () -> new byte[] {1},
                () -> "ssh-ed25519", new SecureRandom());
        WireWriter request = new WireWriter(1024);
        asked.forEach(announced -> request.writeString(announced.blob()));
        client.proven(settled(asked), Optional.of(elsewhere.prove(request.toByteArray()).orElseThrow()), CATALOG);
        assertNull(told.get(), "signed over another session identifier");
        client.proven(settled(List.of(asked.get(1), asked.get(0))), Optional.of(proofs(asked)), CATALOG);
        assertNull(told.get(), "proofs matched to the wrong keys");
        client.proven(settled(asked), Optional.empty(), CATALOG);
        assertNull(told.get(), "a refusal");
    }

    /**
     * With nothing to learn, the verifier is still told the whole announcement, so keys the server
     * no longer holds can leave known_hosts; no proof is asked for (there is no connection here).
     */
    @Test
    void aWholeAnnouncementWithNothingToLearnIsStillTold() throws Exception {
        WireWriter announcement = new WireWriter(1024);
        announcement.writeString(announced(ed25519, "ssh-ed25519").blob());
        announcement.writeString(announced(rsa, "rsa-sha2-512").blob());
        client.announced(announcement.toByteArray(), null);
        assertEquals(List.of(List.of(ed25519.getPublic(), rsa.getPublic()), List.of()),
                updated.get(10, TimeUnit.SECONDS));
    }

    /**
     * An announcement holding a key of a type this client cannot read is not the whole list: only
     * hostKeysProven hears of the proven keys, never hostKeysUpdated.
     */
    @Test
    void aPartialAnnouncementOnlyAddsKeys() throws Exception {
        List<HostKeyLearning.Announced> asked = List.of(announced(rsa, "rsa-sha2-512"));
        HostKeyLearning.Settled partial = new HostKeyLearning.Settled(ed25519.getPublic(),
                List.of(ed25519.getPublic(), rsa.getPublic()), false, asked);
        client.proven(partial, Optional.of(proofs(asked)), CATALOG);
        assertEquals(List.of(rsa.getPublic()), told.get());
        assertFalse(updated.isDone());
    }
}
