// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code HMAC(key, uint32 sequence || data)} for one direction (RFC 4253 section 6.4). One keyed JCE
 * {@link Mac} serves every packet.
 */
final class HmacPacketMac extends ConstantTimePacketMac {
    private final Mac mac;
    private final byte[] sequenceBytes = new byte[4];

    /** Package-private so known-answer tests can use the RFC keys, whose lengths vary. */
    HmacPacketMac(String jcaName, byte[] key, boolean encryptThenMac) throws GeneralSecurityException {
        this(keyed(jcaName, key), encryptThenMac);
    }

    private HmacPacketMac(Mac mac, boolean encryptThenMac) {
        super(mac.getMacLength(), encryptThenMac);
        this.mac = mac;
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
            mac.doFinal(out, outOffset); // also resets the Mac for the next packet
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for a " + length() + "-byte MAC at " + outOffset, e);
        }
    }
}
