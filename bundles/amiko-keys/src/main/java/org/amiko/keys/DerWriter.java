// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Just enough DER (ITU-T X.690) to write PKCS#8 private keys (RFC 5208, RFC 5958) and their PBES2
 * encryption (RFC 8018): each method returns one complete element, so a structure is written
 * inside out, as nested calls. Callers wipe the arrays that held key material.
 */
final class DerWriter {
    private DerWriter() {
    }

    static byte[] sequence(byte[]... elements) {
        return element(DerReader.SEQUENCE, elements);
    }

    static byte[] integer(BigInteger value) {
        // the integer may be a private number (d, p, q of an RSA key): its temporary copy is wiped
        byte[] magnitude = value.toByteArray();
        try {
            return element(DerReader.INTEGER, magnitude);
        } finally {
            Arrays.fill(magnitude, (byte) 0);
        }
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] octetString(byte[] contents) {
        return element(DerReader.OCTET_STRING, contents);
    }

    /** A BIT STRING of whole bytes, as public keys are. */
    static byte[] bitString(byte[] contents) {
        byte[] withUnusedBits = new byte[contents.length + 1];
        System.arraycopy(contents, 0, withUnusedBits, 1, contents.length);
        return element(DerReader.BIT_STRING, withUnusedBits);
    }

    static byte[] nul() {
        return new byte[] {DerReader.NULL, 0};
    }

    /** An explicit context-specific tag {@code [number]} around the elements. */
    static byte[] explicit(int number, byte[]... elements) {
        return element(0xa0 | number, elements);
    }

    /** An OBJECT IDENTIFIER from its dotted form. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        base128(body, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(body, Long.parseLong(arcs[i]));
        }
        return element(DerReader.OID, body.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while (groups < 10 && value >>> (7 * groups) != 0) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            out.write((int) ((value >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
        }
    }

    /** Tag, definite length and the concatenated contents. */
    static byte[] element(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] part : contents) {
            length += part.length;
        }
        byte[] header = header(tag, length);
        byte[] out = Arrays.copyOf(header, header.length + length);
        int position = header.length;
        for (byte[] part : contents) {
            System.arraycopy(part, 0, out, position, part.length);
            position += part.length;
        }
        return out;
    }

    private static byte[] header(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
        byte[] header = new byte[2 + bytes];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            header[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
        }
        return header;
    }
}
