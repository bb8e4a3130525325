// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code HMAC(key, uint32 sequence || data)} for one direction (RFC 4253 section 6.4), whole or cut
 * to its first bytes ({@code hmac-sha1-96}, {@code hmac-md5-96}: RFC 2104 section 5). One keyed JCE
 * {@link Mac} serves every packet.
 */
final class HmacPacketMac extends ConstantTimePacketMac {
    private final Mac mac;
    private final byte[] sequenceBytes = new byte[4];
    /** The whole HMAC when only its first {@link #length()} bytes go on the wire; else null. */
    private final byte[] whole;

    /** The whole HMAC; package-private so known-answer tests can use the RFC keys, whose lengths vary. */
    HmacPacketMac(String jcaName, byte[] key, boolean encryptThenMac) throws GeneralSecurityException {
        this(keyed(jcaName, key), encryptThenMac);
    }

    /** The first {@code length} bytes of the HMAC, all of them when that is the digest's length. */
    HmacPacketMac(String jcaName, byte[] key, int length, boolean encryptThenMac) throws GeneralSecurityException {
        this(keyed(jcaName, key), length, encryptThenMac);
    }

    private HmacPacketMac(Mac mac, boolean encryptThenMac) {
        this(mac, mac.getMacLength(), encryptThenMac);
    }

    private HmacPacketMac(Mac mac, int length, boolean encryptThenMac) {
        super(length, encryptThenMac);
        this.mac = mac;
        this.whole = length() == mac.getMacLength() ? null : new byte[mac.getMacLength()];
    }

    private static Mac keyed(String jcaName, byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(jcaName);
        mac.init(new SecretKeySpec(key, jcaName));
        return mac;
    }

    @Override
    public void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset) {
        sequenceBytes[0] = (byte) (sequence >>> 24);
        sequenceBytes[1] = (byte) (sequence >>> 16);
        sequenceBytes[2] = (byte) (sequence >>> 8);
        sequenceBytes[3] = (byte) sequence;
        mac.update(sequenceBytes);
        mac.update(data, offset, length);
        try {
            // doFinal also resets the Mac for the next packet
            if (whole == null) {
                mac.doFinal(out, outOffset);
            } else {
                mac.doFinal(whole, 0);
                System.arraycopy(whole, 0, out, outOffset, length());
            }
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for a " + length() + "-byte MAC at " + outOffset, e);
        }
    }
}
