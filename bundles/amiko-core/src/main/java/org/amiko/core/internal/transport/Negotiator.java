// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.util.List;
import java.util.Set;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;

/**
 * Algorithm negotiation (RFC 4253 section 7.1): in every family the first algorithm on the
 * client's list that is also on the server's wins. No MAC is chosen for a direction whose cipher
 * authenticates itself, as OpenSSH does for AEAD ciphers.
 */
final class Negotiator {
    /** Pseudo-algorithms that signal extensions and never win a negotiation. */
    static final String EXT_INFO_C = "ext-info-c";
    static final String EXT_INFO_S = "ext-info-s";
    static final String STRICT_KEX_C = "kex-strict-c-v00@openssh.com";
    static final String STRICT_KEX_S = "kex-strict-s-v00@openssh.com";
    private static final Set<String> PSEUDO = Set.of(EXT_INFO_C, EXT_INFO_S, STRICT_KEX_C, STRICT_KEX_S,
            "ext-info-in-auth@openssh.com");

    private Negotiator() {}

    /**
     * @param snapshot the catalog our KEXINIT was built from, to find the implementations
     */
    static NegotiatedSuite negotiate(KexInit client, KexInit server, boolean weAreClient, AlgorithmCatalog snapshot)
            throws AlgorithmNegotiationException {
        KexInit ours = weAreClient ? client : server;
        KexInit theirs = weAreClient ? server : client;
        String kexName = choose(AlgorithmFamily.KEX, client.kex(), server.kex(), ours.kex(), theirs.kex());
        String hostKeyName = choose(AlgorithmFamily.HOST_KEY, client.hostKey(), server.hostKey(), ours.hostKey(),
                theirs.hostKey());
        NegotiatedSuite.Direction c2s = direction(snapshot, client.ciphersClientToServer(),
                server.ciphersClientToServer(), client.macsClientToServer(), server.macsClientToServer(),
                client.compressionClientToServer(), server.compressionClientToServer(), ours, theirs, true);
        NegotiatedSuite.Direction s2c = direction(snapshot, client.ciphersServerToClient(),
                server.ciphersServerToClient(), client.macsServerToClient(), server.macsServerToClient(),
                client.compressionServerToClient(), server.compressionServerToClient(), ours, theirs, false);
        return new NegotiatedSuite(kexName, (KexAlgorithm) implementation(snapshot, AlgorithmFamily.KEX, kexName),
                hostKeyName, (SignatureAlgorithm) implementation(snapshot, AlgorithmFamily.HOST_KEY, hostKeyName),
                c2s, s2c);
    }

    /**
     * Whether the peer's guessed first key exchange packet must be ignored (RFC 4253 section 7.1):
     * the guess is right only if its first kex and host key algorithms are the negotiated ones.
     */
    static boolean isGuessWrong(KexInit client, KexInit server) {
        return client.kex().isEmpty() || server.kex().isEmpty() || client.hostKey().isEmpty()
                || server.hostKey().isEmpty() || !client.kex().get(0).equals(server.kex().get(0))
                || !client.hostKey().get(0).equals(server.hostKey().get(0));
    }

    private static NegotiatedSuite.Direction direction(AlgorithmCatalog snapshot, List<String> clientCiphers,
            List<String> serverCiphers, List<String> clientMacs, List<String> serverMacs, List<String> clientComp,
            List<String> serverComp, KexInit ours, KexInit theirs, boolean c2s) throws AlgorithmNegotiationException {
        String cipherName = choose(AlgorithmFamily.CIPHER, clientCiphers, serverCiphers,
                c2s ? ours.ciphersClientToServer() : ours.ciphersServerToClient(),
                c2s ? theirs.ciphersClientToServer() : theirs.ciphersServerToClient());
        CipherAlgorithm cipher = (CipherAlgorithm) implementation(snapshot, AlgorithmFamily.CIPHER, cipherName);
        String macName = null;
        MacAlgorithm mac = null;
        if (!cipher.isAuthenticated()) {
            macName = choose(AlgorithmFamily.MAC, clientMacs, serverMacs,
                    c2s ? ours.macsClientToServer() : ours.macsServerToClient(),
                    c2s ? theirs.macsClientToServer() : theirs.macsServerToClient());
            mac = (MacAlgorithm) implementation(snapshot, AlgorithmFamily.MAC, macName);
        }
        String compressionName = choose(AlgorithmFamily.COMPRESSION, clientComp, serverComp,
                c2s ? ours.compressionClientToServer() : ours.compressionServerToClient(),
                c2s ? theirs.compressionClientToServer() : theirs.compressionServerToClient());
        CompressionAlgorithm compression =
                (CompressionAlgorithm) implementation(snapshot, AlgorithmFamily.COMPRESSION, compressionName);
        return new NegotiatedSuite.Direction(cipherName, cipher, macName, mac, compressionName, compression);
    }

    private static String choose(AlgorithmFamily family, List<String> client, List<String> server, List<String> ours,
            List<String> theirs) throws AlgorithmNegotiationException {
        for (String name : client) {
            if (!PSEUDO.contains(name) && server.contains(name)) {
                return name;
            }
        }
        throw new AlgorithmNegotiationException(family, ours, theirs);
    }

    private static Object implementation(AlgorithmCatalog snapshot, AlgorithmFamily family, String name)
            throws AlgorithmNegotiationException {
        // Our offer came from this snapshot, so a chosen name is always there; guard all the same.
        AlgorithmCatalog.Entry entry = snapshot.find(family, name)
                .orElseThrow(() -> new AlgorithmNegotiationException(family, List.of(), List.of(name)));
        return entry.implementation();
    }
}
