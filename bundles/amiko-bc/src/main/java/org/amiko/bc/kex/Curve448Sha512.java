// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.osgi.service.component.annotations.Component;

/**
 * {@code curve448-sha512} (RFC 8731): X448 (RFC 7748) with SHA-512 as exchange hash. Public values
 * are the 56-byte little-endian u-coordinates; {@code K} is the 56-byte X448 output read as an
 * unsigned big-endian number, byte order unchanged, and encoded as an mpint (RFC 8731 section 3.1);
 * an all-zero output is refused (section 3). OpenSSH does not implement it; AsyncSSH and others do.
 */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "curve448-sha512", preference = 700)
public final class Curve448Sha512 implements KexAlgorithm {
    public Curve448Sha512() {}

    @Override
    public String digestAlgorithm() {
        return "SHA-512";
    }

    @Override
    public ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        return client(XdhCurve.X448.generate(random));
    }

    @Override
    public Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        PublicKey peer = XdhCurve.X448.decode(clientPublic);
        return encapsulate(peer, XdhCurve.X448.generate(random));
    }

    /** The client half with a given key pair; package-private for the RFC 7748 known answers. */
    static ClientKex client(KeyPair pair) throws GeneralSecurityException {
        byte[] publicValue = XdhCurve.X448.encode(pair.getPublic());
        PrivateKey privateKey = pair.getPrivate();
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                return mpint(XdhCurve.X448.agree(privateKey, XdhCurve.X448.decode(serverPublic)));
            }
        };
    }

    /** The server half with a given key pair; package-private for the RFC 7748 known answers. */
    static Encapsulation encapsulate(PublicKey clientKey, KeyPair server) throws GeneralSecurityException {
        byte[] k = mpint(XdhCurve.X448.agree(server.getPrivate(), clientKey));
        return new Encapsulation(XdhCurve.X448.encode(server.getPublic()), k);
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
