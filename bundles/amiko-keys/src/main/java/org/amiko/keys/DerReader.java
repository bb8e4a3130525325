// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * Just enough DER (ITU-T X.690) to read PKCS#8, PKCS#1 and SEC1 private keys: SEQUENCE, INTEGER,
 * OCTET STRING, BIT STRING, OBJECT IDENTIFIER, NULL and explicit context tags, definite lengths
 * only. Every length is checked against what remains before it is used, so damaged input ends in an
 * {@link InvalidKeySpecException}, never an index error or a huge allocation.
 */
final class DerReader {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;

    private final byte[] data;
    private final int limit;
    private final String what;
    private int position;

    /** A reader over all of {@code data}; {@code what} names the structure in error messages. */
    DerReader(byte[] data, String what) {
        this(data, 0, data.length, what);
    }

    private DerReader(byte[] data, int offset, int end, String what) {
        this.data = data;
        this.position = offset;
        this.limit = end;
        this.what = what;
    }

    boolean isEmpty() {
        return position >= limit;
    }

    /** The next tag byte, or -1 at the end. */
    int peekTag() {
        return isEmpty() ? -1 : data[position] & 0xff;
    }

    /** Reads one element of the given tag and returns a reader over its contents. */
    DerReader element(int tag) throws InvalidKeySpecException {
        if (isEmpty() || (data[position] & 0xff) != tag) {
            throw damaged("expected tag 0x" + Integer.toHexString(tag));
        }
        position++;
        int length = length();
        DerReader contents = new DerReader(data, position, position + length, what);
        position += length;
        return contents;
    }

    private int length() throws InvalidKeySpecException {
        if (isEmpty()) {
            throw damaged("length missing");
        }
        int first = data[position++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 3 || count > limit - position) {
                throw damaged("unsupported or truncated length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (data[position++] & 0xff);
            }
        }
        if (length > limit - position) {
            throw damaged("length runs past the end");
        }
        return length;
    }

    DerReader sequence() throws InvalidKeySpecException {
        return element(SEQUENCE);
    }

    /** The contents of an explicit context-specific tag {@code [number]} (constructed). */
    DerReader explicit(int number) throws InvalidKeySpecException {
        return element(0xa0 | number);
    }

    BigInteger integer() throws InvalidKeySpecException {
        byte[] bytes = element(INTEGER).rest();
        if (bytes.length == 0) {
            throw damaged("empty INTEGER");
        }
        return new BigInteger(bytes);
    }

    /** An INTEGER that must be positive, for key numbers. */
    BigInteger positiveInteger() throws InvalidKeySpecException {
        BigInteger value = integer();
        if (value.signum() <= 0) {
            throw damaged("key number is not positive");
        }
        return value;
    }

    byte[] octetString() throws InvalidKeySpecException {
        return element(OCTET_STRING).rest();
    }

    /** A BIT STRING whose length is a whole number of bytes, as public keys are. */
    byte[] bitString() throws InvalidKeySpecException {
        byte[] bytes = element(BIT_STRING).rest();
        if (bytes.length == 0 || bytes[0] != 0) {
            throw damaged("BIT STRING with unused bits");
        }
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }

    /** An OBJECT IDENTIFIER in dotted form. */
    String oid() throws InvalidKeySpecException {
        byte[] bytes = element(OID).rest();
        if (bytes.length == 0 || (bytes[bytes.length - 1] & 0x80) != 0) {
            throw damaged("malformed OBJECT IDENTIFIER");
        }
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : bytes) {
            if (value > (Long.MAX_VALUE >> 7)) {
                throw damaged("OBJECT IDENTIFIER arc too large");
            }
            value = (value << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = (int) Math.min(2, value / 40);
                    out.append(top).append('.').append(value - 40L * top);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        return out.toString();
    }

    /** Skips one element of any tag. */
    void skip() throws InvalidKeySpecException {
        if (isEmpty()) {
            throw damaged("element missing");
        }
        element(peekTag());
    }

    /** The unread contents, copied. */
    byte[] rest() {
        byte[] out = Arrays.copyOfRange(data, position, limit);
        position = limit;
        return out;
    }

    void expectEnd() throws InvalidKeySpecException {
        if (!isEmpty()) {
            throw damaged("trailing data");
        }
    }

    private InvalidKeySpecException damaged(String problem) {
        return new InvalidKeySpecException("damaged " + what + ": " + problem);
    }
}
