// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/** The server's host key announcement and proofs (OpenSSH PROTOCOL section 2.5). */
class HostKeyUpdateTest {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();
    private static final byte[] SESSION = {1, 2, 3, 4};

    private final KeyPair ed25519 = generate("Ed25519");
    private final KeyPair rsa = generate("RSA");
    private final HostKeyUpdate update = new HostKeyUpdate(() -> List.of(ed25519, rsa), () -> CATALOG, () -> SESSION,
            () -> "ssh-ed25519", new SecureRandom());

    private static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static SignatureAlgorithm algorithm(String name) {
        return (SignatureAlgorithm) CATALOG.find(AlgorithmFamily.HOST_KEY, name).orElseThrow().implementation();
    }

    private static List<byte[]> strings(byte[] data) throws Exception {
        WireReader in = new WireReader(data);
        List<byte[]> strings = new ArrayList<>();
        while (!in.isEmpty()) {
            strings.add(in.readString());
        }
        return strings;
    }

    @Test
    void everyKeyIsAnnouncedAndEachProofVerifiesOverTheSessionAndTheKey() throws Exception {
        List<byte[]> blobs = strings(update.announcement().orElseThrow());
        assertEquals(2, blobs.size());
        WireWriter request = new WireWriter(1024);
        blobs.forEach(request::writeString);
        List<byte[]> proofs = strings(update.prove(request.toByteArray()).orElseThrow());
        assertEquals(2, proofs.size());
        String[] verifiers = {"ssh-ed25519", "rsa-sha2-512"};
        for (int i = 0; i < 2; i++) {
            SignatureAlgorithm verifier = algorithm(verifiers[i]);
            byte[] signed = new WireWriter(256).writeString(HostKeyUpdate.PROVE).writeString(SESSION)
                    .writeString(blobs.get(i)).toByteArray();
            assertTrue(verifier.verify(verifier.decodePublicKey(blobs.get(i)), signed, proofs.get(i)), verifiers[i]);
        }
    }

    @Test
    void aProofOfAKeyNotOursIsRefused() throws Exception {
        byte[] foreign = algorithm("ssh-ed25519").encodePublicKey(generate("Ed25519").getPublic());
        byte[] ours = strings(update.announcement().orElseThrow()).get(0);
        assertEquals(Optional.empty(), update.prove(new WireWriter(256).writeString(ours).writeString(foreign)
                .toByteArray()));
    }

    @Test
    void anRsaProofIsSignedWithTheAlgorithmTheSessionNegotiated() throws Exception {
        HostKeyUpdate overRsa256 = new HostKeyUpdate(() -> List.of(rsa), () -> CATALOG, () -> SESSION,
                () -> "rsa-sha2-256-cert-v01@openssh.com", new SecureRandom());
        byte[] blob = strings(overRsa256.announcement().orElseThrow()).get(0);
        byte[] request = new WireWriter(512).writeString(blob).toByteArray();
        byte[] proof = strings(overRsa256.prove(request).orElseThrow()).get(0);
        assertEquals("rsa-sha2-256", new WireReader(proof).readUtf8(), "OpenSSH checks RSA proofs by the session's");
    }
}
