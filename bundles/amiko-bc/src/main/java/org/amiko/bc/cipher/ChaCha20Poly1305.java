// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import org.amiko.spi.SelfTesting;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;
import org.osgi.service.component.annotations.Component;

/**
 * {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305): ChaCha20 with a 64-byte
 * key, one half for the packet length and one for the rest, the packet sequence number as nonce and a
 * Poly1305 tag over the encrypted packet. It authenticates itself, so no MAC is negotiated with it,
 * and it needs no derived IV (the sequence number is the nonce).
 *
 * <p>Its {@linkplain #selfTest() self-test} checks the assumption the implementation rests on, that
 * the JDK's RFC 8439 ChaCha20 gives the original cipher's keystream (see {@link ChaChaKeystream}),
 * and, where the JDK's ChaCha20 is not used for speed, that the lane implementation agrees with it.
 *
 * <p>Preference 995 puts it after {@code aes128-gcm@openssh.com} (1000), so that our client asks for
 * AES-GCM first: with AES instructions the JDK's AES-GCM is many times faster. When we serve, the
 * client's list decides (RFC 4253 section 7.1), so OpenSSH clients still get the ChaCha20 they prefer.
 */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "chacha20-poly1305@openssh.com", preference = 995)
public final class ChaCha20Poly1305 implements CipherAlgorithm, SelfTesting {
    /** draft-agl-tls-chacha20poly1305-04 section 7, TC8: key 00..1f, nonce 00..07, first 16 keystream bytes. */
    private static final byte[] TC8_KEYSTREAM = {(byte) 0xf7, (byte) 0x98, (byte) 0xa1, (byte) 0x89, (byte) 0xf1,
        (byte) 0x95, (byte) 0xe6, 0x69, (byte) 0x82, 0x10, 0x5f, (byte) 0xfb, 0x64, 0x0b, (byte) 0xb7, 0x75};

    public ChaCha20Poly1305() {}

    @Override
    public void selfTest() throws GeneralSecurityException {
        byte[] key = new byte[ChaChaKeystream.KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        long nonce = 0x0001020304050607L; // the nonce bytes 00 01 .. 07, as OpenSSH passes them
        ChaChaKeystream jdk = new JdkChaChaKeystream(key, 0);
        jdk.start(nonce, 0);
        byte[] out = new byte[TC8_KEYSTREAM.length];
        jdk.apply(new byte[out.length], 0, out.length, out, 0);
        if (!MessageDigest.isEqual(TC8_KEYSTREAM, out)) {
            throw new GeneralSecurityException("the JDK's ChaCha20 does not give the original ChaCha20 keystream");
        }
        ChaChaKeystream used = ChaChaKeystream.create(key, 0);
        if (!(used instanceof JdkChaChaKeystream)) {
            // a whole batch of lanes, then single blocks and a partial one, against the JDK's cipher
            int length = LaneChaChaKeystream.BATCH + ChaChaKeystream.BLOCK + 24;
            byte[] expected = new byte[length];
            jdk.start(nonce + 1, 1);
            jdk.apply(new byte[length], 0, length, expected, 0);
            byte[] actual = new byte[length];
            used.start(nonce + 1, 1);
            used.apply(new byte[length], 0, length - 8, actual, 0);
            used.apply(new byte[8], 0, 8, actual, length - 8);
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new GeneralSecurityException("the lane ChaCha20 differs from the JDK's");
            }
        }
    }

    @Override
    public int keyLength() {
        return OpenSshChaChaPoly.KEY_LENGTH;
    }

    @Override
    public int ivLength() {
        return 0;
    }

    @Override
    public int blockSize() {
        return OpenSshChaChaPoly.BLOCK;
    }

    @Override
    public boolean isAuthenticated() {
        return true;
    }

    @Override
    public PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        check(key, mac);
        return new OpenSshChaChaPoly.Sealer(key);
    }

    @Override
    public PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        check(key, mac);
        return new OpenSshChaChaPoly.Opener(key);
    }

    private static void check(byte[] key, PacketMac mac) throws GeneralSecurityException {
        if (key.length != OpenSshChaChaPoly.KEY_LENGTH) {
            throw new InvalidKeyException("chacha20-poly1305 needs a 64-byte key, not " + key.length);
        }
        if (mac != null) {
            throw new InvalidAlgorithmParameterException("chacha20-poly1305 authenticates itself; no MAC goes with it");
        }
    }
}
