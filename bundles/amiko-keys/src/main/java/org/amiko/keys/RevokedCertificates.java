// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * A KRL certificate section (OpenSSH PROTOCOL.krl section 2): certificates of one authority, or of
 * any when the authority is left empty, revoked by serial number (lists, ranges, bitmaps) or by
 * key ID. Serial numbers are unsigned 64-bit; serial 0 is what a certificate carries when its
 * authority gave none, so it is never revoked by serial, as OpenSSH decides.
 */
final class RevokedCertificates {
    private static final int SERIAL_LIST = 0x20;
    private static final int SERIAL_RANGE = 0x21;
    private static final int SERIAL_BITMAP = 0x22;
    private static final int KEY_ID = 0x23;
    private static final int EXTENSION = 0x39;

    /** The authority's key blob; null for every authority. */
    private final byte[] authority;
    private final Set<Long> serials;
    /** Inclusive unsigned ranges, {@code {min, max}}. */
    private final List<long[]> ranges;
    private final List<Bitmap> bitmaps;
    private final Set<String> keyIds;

    /** Bit N set revokes serial {@code offset + N} (section 2.3). */
    private record Bitmap(long offset, BigInteger bits) {
        boolean contains(long serial) {
            if (Long.compareUnsigned(serial, offset) < 0) {
                return false;
            }
            long index = serial - offset;
            return Long.compareUnsigned(index, bits.bitLength()) < 0 && bits.testBit((int) index);
        }
    }

    private RevokedCertificates(byte[] authority, Set<Long> serials, List<long[]> ranges, List<Bitmap> bitmaps,
            Set<String> keyIds) {
        this.authority = authority;
        this.serials = Set.copyOf(serials);
        this.ranges = List.copyOf(ranges);
        this.bitmaps = List.copyOf(bitmaps);
        this.keyIds = Set.copyOf(keyIds);
    }

    static RevokedCertificates parse(WireReader section) throws ParseException, WireFormatException {
        byte[] authority = section.readString();
        section.readString(); // reserved
        Set<Long> serials = new HashSet<>();
        List<long[]> ranges = new ArrayList<>();
        List<Bitmap> bitmaps = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        while (!section.isEmpty()) {
            int offset = section.position();
            int type = section.readByte();
            WireReader data = new WireReader(section.readString());
            switch (type) {
                case SERIAL_LIST -> {
                    while (!data.isEmpty()) {
                        serials.add(data.readUint64());
                    }
                }
                case SERIAL_RANGE -> {
                    long min = data.readUint64();
                    long max = data.readUint64();
                    data.expectEnd("KRL serial range");
                    if (Long.compareUnsigned(min, max) > 0) {
                        throw new ParseException("KRL serial range from " + Long.toUnsignedString(min) + " down to "
                                + Long.toUnsignedString(max), offset);
                    }
                    ranges.add(new long[] {min, max});
                }
                case SERIAL_BITMAP -> {
                    long start = data.readUint64();
                    BigInteger bits = data.readMpint();
                    data.expectEnd("KRL serial bitmap");
                    if (bits.signum() < 0) {
                        throw new ParseException("negative KRL serial bitmap", offset);
                    }
                    bitmaps.add(new Bitmap(start, bits));
                }
                case KEY_ID -> {
                    if (data.isEmpty()) {
                        throw new ParseException("empty KRL key ID section", offset);
                    }
                    while (!data.isEmpty()) {
                        keyIds.add(data.readUtf8());
                    }
                }
                case EXTENSION -> KeyRevocationList.checkExtension(data, offset);
                default -> throw new ParseException("unknown KRL certificate section type " + type, offset);
            }
        }
        return new RevokedCertificates(authority.length == 0 ? null : authority, serials, ranges, bitmaps, keyIds);
    }

    /** Whether a certificate signed by the authority whose blob is {@code signer} is revoked here. */
    boolean revokes(byte[] signer, long serial, String keyId) {
        if (authority != null && !Arrays.equals(authority, signer)) {
            return false;
        }
        if (keyIds.contains(keyId)) {
            return true;
        }
        if (serial == 0) {
            return false;
        }
        if (serials.contains(serial)) {
            return true;
        }
        for (long[] range : ranges) {
            if (Long.compareUnsigned(serial, range[0]) >= 0 && Long.compareUnsigned(serial, range[1]) <= 0) {
                return true;
            }
        }
        for (Bitmap bitmap : bitmaps) {
            if (bitmap.contains(serial)) {
                return true;
            }
        }
        return false;
    }
}
