// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.mac.PacketMac;

/**
 * {@code HMAC(key, uint32 sequence || data)} for one direction (RFC 4253 section 6.4). One keyed JCE
 * {@link Mac} and two scratch arrays serve every packet; verification compares in constant time.
 */
final class HmacPacketMac implements PacketMac {
    private final Mac mac;
    private final boolean encryptThenMac;
    private final byte[] sequenceBytes = new byte[4];
    private final byte[] expected;
    private final byte[] received;

    /** Package-private so known-answer tests can use the RFC keys, whose lengths vary. */
    HmacPacketMac(String jcaName, byte[] key, boolean encryptThenMac) throws GeneralSecurityException {
        this.mac = Mac.getInstance(jcaName);
        this.mac.init(new SecretKeySpec(key, jcaName));
        this.encryptThenMac = encryptThenMac;
        this.expected = new byte[mac.getMacLength()];
        this.received = new byte[mac.getMacLength()];
    }

    @Override
    public int length() {
        return expected.length;
    }

    @Override
    public boolean isEncryptThenMac() {
        return encryptThenMac;
    }

    @Override
    public void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset) {
        feed(sequence, data, offset, length);
        finish(out, outOffset);
    }

    @Override
    public boolean verify(int sequence, byte[] data, int offset, int length, byte[] macBytes, int macOffset) {
        feed(sequence, data, offset, length);
        finish(expected, 0);
        System.arraycopy(macBytes, macOffset, received, 0, received.length);
        return MessageDigest.isEqual(expected, received);
    }

    private void feed(int sequence, byte[] data, int offset, int length) {
        sequenceBytes[0] = (byte) (sequence >>> 24);
        sequenceBytes[1] = (byte) (sequence >>> 16);
        sequenceBytes[2] = (byte) (sequence >>> 8);
        sequenceBytes[3] = (byte) sequence;
        mac.update(sequenceBytes);
        mac.update(data, offset, length);
    }

    private void finish(byte[] out, int outOffset) {
        try {
            mac.doFinal(out, outOffset); // also resets the Mac for the next packet
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for a " + expected.length + "-byte MAC at " + outOffset, e);
        }
    }
}
