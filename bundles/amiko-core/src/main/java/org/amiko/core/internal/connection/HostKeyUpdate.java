// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The server's side of OpenSSH's host key rotation (PROTOCOL section 2.5, {@code UpdateHostKeys}):
 * after authentication it announces every host key it holds ({@code hostkeys-00@openssh.com}),
 * so a client can learn the ones it lacks, and proves on request that it holds their private
 * halves ({@code hostkeys-prove-00@openssh.com}): a signature per key over the request name, the
 * session identifier and the key. Certificates are left out, as sshd leaves them out.
 */
public final class HostKeyUpdate {
    static final String ANNOUNCE = "hostkeys-00@openssh.com";
    static final String PROVE = "hostkeys-prove-00@openssh.com";
    /** How certificate types end (OpenSSH PROTOCOL.certkeys); amiko-keys, which knows them, is no dependency here. */
    private static final String CERTIFICATE_SUFFIX = "-cert-v01@openssh.com";

    private final Supplier<List<KeyPair>> hostKeys;
    private final Supplier<AlgorithmCatalog> catalog;
    private final Supplier<byte[]> sessionId;
    /** The host key algorithm of the session's key exchange, or null before it. */
    private final Supplier<String> negotiated;
    private final SecureRandom random;

    /**
     * @param hostKeys the server's key pairs as they are now
     * @param sessionId the session identifier, known once the first key exchange is done
     * @param negotiated the host key algorithm that key exchange settled on
     */
    public HostKeyUpdate(Supplier<List<KeyPair>> hostKeys, Supplier<AlgorithmCatalog> catalog, Supplier<byte[]> sessionId,
            Supplier<String> negotiated, SecureRandom random) {
        this.hostKeys = hostKeys;
        this.catalog = catalog;
        this.sessionId = sessionId;
        this.negotiated = negotiated;
        this.random = random;
    }

    /** The announcement's data: a string per host key blob; empty when there is nothing to sign with. */
    Optional<byte[]> announcement() {
        AlgorithmCatalog snapshot = catalog.get();
        WireWriter out = new WireWriter(512);
        int count = 0;
        for (KeyPair key : hostKeys.get()) {
            SignatureAlgorithm signer = signerFor(key.getPublic(), snapshot);
            if (signer != null) {
                try {
                    out.writeString(signer.encodePublicKey(key.getPublic()));
                    count++;
                } catch (GeneralSecurityException e) {
                    // a key that cannot be encoded is not announced
                }
            }
        }
        return count == 0 ? Optional.empty() : Optional.of(out.toByteArray());
    }

    /**
     * Answers a proof request: a signature for each key asked about, in order; empty (a refusal)
     * if any is not one of ours, as sshd refuses it.
     */
    Optional<byte[]> prove(byte[] request) throws WireFormatException {
        AlgorithmCatalog snapshot = catalog.get();
        byte[] session = sessionId.get();
        WireReader in = new WireReader(request);
        WireWriter out = new WireWriter(1024);
        while (!in.isEmpty()) {
            byte[] blob = in.readString();
            KeyPair key = ours(blob, snapshot);
            if (key == null) {
                return Optional.empty();
            }
            SignatureAlgorithm signer = proverFor(key.getPublic(), snapshot);
            byte[] signed = new WireWriter(64 + session.length + blob.length).writeString(PROVE).writeString(session)
                    .writeString(blob).toByteArray();
            try {
                out.writeString(signer.sign(key.getPrivate(), signed, random));
            } catch (GeneralSecurityException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }

    /** The host key whose blob this is, or null. */
    private KeyPair ours(byte[] blob, AlgorithmCatalog snapshot) {
        for (KeyPair key : hostKeys.get()) {
            SignatureAlgorithm signer = signerFor(key.getPublic(), snapshot);
            try {
                if (signer != null && Arrays.equals(signer.encodePublicKey(key.getPublic()), blob)) {
                    return key;
                }
            } catch (GeneralSecurityException e) {
                // not this one
            }
        }
        return null;
    }

    /**
     * The algorithm that proves a key: the session's own host key algorithm when it takes this key
     * (the certificate's plain one for a certificate), since OpenSSH's client checks an RSA proof
     * against what the key exchange used; else the preferred one, as {@link #signerFor}.
     */
    private SignatureAlgorithm proverFor(PublicKey key, AlgorithmCatalog snapshot) {
        String name = negotiated.get();
        if (name != null) {
            String plain = name.endsWith(CERTIFICATE_SUFFIX)
                    ? name.substring(0, name.length() - CERTIFICATE_SUFFIX.length()) : name;
            SignatureAlgorithm sessions = snapshot.find(AlgorithmFamily.HOST_KEY, plain)
                    .map(entry -> (SignatureAlgorithm) entry.implementation()).orElse(null);
            if (sessions != null && sessions.canSign() && sessions.supports(key)) {
                return sessions;
            }
        }
        return signerFor(key, snapshot);
    }

    /**
     * The installed algorithm that signs with a plain key of this kind, in preference order (so
     * rsa-sha2-512 for RSA keys); null for certificates and keys nothing installed can sign with.
     */
    private static SignatureAlgorithm signerFor(PublicKey key, AlgorithmCatalog snapshot) {
        for (AlgorithmCatalog.Entry entry : snapshot.entries(AlgorithmFamily.HOST_KEY)) {
            SignatureAlgorithm algorithm = (SignatureAlgorithm) entry.implementation();
            if (algorithm.canSign() && algorithm.supports(key) && !algorithm.keyType().endsWith(CERTIFICATE_SUFFIX)) {
                return algorithm;
            }
        }
        return null;
    }
}
