// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SignatureException;

/**
 * The two shapes of an ECDSA signature {@code (r, s)}: the JCA's DER {@code SEQUENCE { INTEGER r,
 * INTEGER s }} (RFC 3279 section 2.2.3) and SSH's {@code mpint r || mpint s} (RFC 5656 section
 * 3.1.2). DER is parsed strictly (definite minimal lengths, no trailing bytes), since a lenient parse
 * is how signature malleability creeps in.
 */
final class EcdsaSignatureFormat {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private EcdsaSignatureFormat() {}

    /** DER for positive {@code r} and {@code s}. */
    static byte[] toDer(BigInteger r, BigInteger s) {
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream(rBytes.length + sBytes.length + 8);
        writeElement(body, INTEGER, rBytes);
        writeElement(body, INTEGER, sBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 4);
        writeElement(out, SEQUENCE, body.toByteArray());
        return out.toByteArray();
    }

    private static void writeElement(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            // ECDSA signatures up to P-521 stay below 256 bytes.
            out.write(0x81);
            out.write(content.length);
        }
        out.write(content, 0, content.length);
    }

    /** {@code {r, s}} from DER. */
    static BigInteger[] fromDer(byte[] der) throws SignatureException {
        int[] position = {0};
        int sequenceLength = readHeader(der, position, SEQUENCE);
        if (position[0] + sequenceLength != der.length) {
            throw new SignatureException("DER signature has trailing or missing bytes");
        }
        BigInteger r = readInteger(der, position);
        BigInteger s = readInteger(der, position);
        if (position[0] != der.length) {
            throw new SignatureException("DER signature has extra content");
        }
        return new BigInteger[] {r, s};
    }

    private static BigInteger readInteger(byte[] der, int[] position) throws SignatureException {
        int length = readHeader(der, position, INTEGER);
        if (length == 0 || position[0] + length > der.length) {
            throw new SignatureException("DER INTEGER truncated");
        }
        BigInteger value = new BigInteger(der, position[0], length);
        position[0] += length;
        return value;
    }

    private static int readHeader(byte[] der, int[] position, int tag) throws SignatureException {
        int at = position[0];
        if (at + 2 > der.length || (der[at] & 0xff) != tag) {
            throw new SignatureException("DER tag " + tag + " expected");
        }
        int length = der[at + 1] & 0xff;
        at += 2;
        if (length == 0x81) {
            if (at >= der.length || (der[at] & 0xff) < 0x80) {
                throw new SignatureException("DER length not minimal");
            }
            length = der[at++] & 0xff;
        } else if (length > 0x80) {
            throw new SignatureException("DER length too long for an ECDSA signature");
        }
        position[0] = at;
        return length;
    }
}
