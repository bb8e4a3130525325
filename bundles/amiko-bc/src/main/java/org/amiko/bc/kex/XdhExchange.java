// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.wire.WireWriter;

/**
 * The key exchanges of RFC 8731 in the SPI's KEM shape: each side's public value is its ephemeral
 * RFC 7748 public key, 32 (X25519) or 56 (X448) little-endian bytes; {@code K} is the raw function
 * output read as an unsigned big-endian number, byte order unchanged, and encoded as an mpint
 * (RFC 8731 section 3.1, as OpenSSH's {@code kexc25519.c} does); an all-zero output is refused
 * (section 3). The core does the rest: {@code SSH_MSG_KEX_ECDH_INIT}/{@code REPLY}, the exchange
 * hash in {@link #digestAlgorithm()}, the host-key signature.
 */
abstract class XdhExchange implements KexAlgorithm {
    private final XdhCurve curve;
    private final String digest;

    XdhExchange(XdhCurve curve, String digest) {
        this.curve = curve;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        return client(curve, curve.newPrivate(random));
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        byte[] ours = curve.newPrivate(random);
        try {
            return encapsulate(curve, clientPublic, ours);
        } finally {
            Arrays.fill(ours, (byte) 0);
        }
    }

    /** The client half with a given private scalar, which it keeps; package-private for the known answers. */
    static ClientKex client(XdhCurve curve, byte[] privateScalar) {
        byte[] publicValue = curve.publicValue(privateScalar);
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                return mpint(curve.agree(privateScalar, serverPublic));
            }
        };
    }

    /**
     * The server half with a given private scalar; package-private for the known answers. The
     * client's value is checked (length, zero secret) before our public value is computed, so a bad
     * one costs a single scalar multiplication.
     */
    static Encapsulation encapsulate(XdhCurve curve, byte[] clientPublic, byte[] privateScalar)
            throws GeneralSecurityException {
        byte[] k = mpint(curve.agree(privateScalar, clientPublic));
        return new Encapsulation(curve.publicValue(privateScalar), k);
    }

    /** The raw output as an mpint with its length prefix (RFC 4251 section 5); wipes the raw bytes. */
    private static byte[] mpint(byte[] secret) {
        WireWriter out = new WireWriter(secret.length + 5);
        out.writeUnsignedMpint(secret);
        Arrays.fill(secret, (byte) 0);
        byte[] encoded = out.toByteArray();
        out.wipe();
        return encoded;
    }
}
