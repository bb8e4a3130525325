// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * Reads OpenSSH's binary key revocation list (PROTOCOL.krl) into {@link RevokedKeys}. Every
 * section is read; one this reader does not know, a critical extension, or a signature section
 * (which OpenSSH 9.4+ refuses as well) makes the whole list unreadable rather than half-applied.
 */
final class KeyRevocationList {
    private static final int FORMAT_VERSION = 1;
    // section types (PROTOCOL.krl section 1)
    private static final int CERTIFICATES = 1;
    private static final int EXPLICIT_KEY = 2;
    private static final int FINGERPRINT_SHA1 = 3;
    private static final int SIGNATURE = 4;
    private static final int FINGERPRINT_SHA256 = 5;
    private static final int EXTENSION = 255;

    private KeyRevocationList() {}

    static boolean isKrl(byte[] content) {
        if (content.length < Long.BYTES) {
            return false;
        }
        return ByteBuffer.wrap(content, 0, Long.BYTES).getLong() == RevokedKeys.KRL_MAGIC;
    }

    static RevokedKeys parse(byte[] content) throws ParseException, WireFormatException {
        WireReader in = new WireReader(content);
        in.readUint64(); // the magic, checked by isKrl
        int version = in.readUint32();
        if (version != FORMAT_VERSION) {
            throw new ParseException("KRL format version " + Integer.toUnsignedString(version) + " is not 1", 8);
        }
        in.readUint64(); // krl_version
        in.readUint64(); // generated_date
        in.readUint64(); // flags: none defined
        in.readString(); // reserved
        in.readString(); // comment
        Set<ByteBuffer> keys = new HashSet<>();
        Set<ByteBuffer> sha1 = new HashSet<>();
        Set<ByteBuffer> sha256 = new HashSet<>();
        List<RevokedCertificates> certificates = new ArrayList<>();
        while (!in.isEmpty()) {
            int offset = in.position();
            int type = in.readByte();
            switch (type) {
                case CERTIFICATES -> certificates.add(RevokedCertificates.parse(new WireReader(in.readString())));
                case EXPLICIT_KEY -> readKeys(new WireReader(in.readString()), keys, offset);
                case FINGERPRINT_SHA1 -> readHashes(new WireReader(in.readString()), 20, sha1, offset);
                case FINGERPRINT_SHA256 -> readHashes(new WireReader(in.readString()), 32, sha256, offset);
                case SIGNATURE -> throw new ParseException(
                        "KRL signatures are not supported (OpenSSH 9.4+ refuses them too); sign the file with ssh-keygen -Y",
                        offset);
                case EXTENSION -> checkExtension(new WireReader(in.readString()), offset);
                default -> throw new ParseException("unknown KRL section type " + type, offset);
            }
        }
        return new RevokedKeys(keys, sha1, sha256, certificates);
    }

    /** Section 3: plain key blobs, at least one; a certificate is no plain key. */
    private static void readKeys(WireReader section, Set<ByteBuffer> keys, int offset)
            throws ParseException, WireFormatException {
        if (section.isEmpty()) {
            throw new ParseException("empty explicit key section", offset);
        }
        while (!section.isEmpty()) {
            byte[] blob = section.readString();
            String type = new WireReader(blob).readUtf8();
            if (OpenSshCertificate.isCertificateType(type)) {
                throw new ParseException("explicit key section lists a certificate", offset);
            }
            keys.add(ByteBuffer.wrap(blob));
        }
    }

    /** Section 4: hashes of plain key blobs, each of the digest's length. */
    private static void readHashes(WireReader section, int length, Set<ByteBuffer> hashes, int offset)
            throws ParseException, WireFormatException {
        if (section.isEmpty()) {
            throw new ParseException("empty fingerprint section", offset);
        }
        while (!section.isEmpty()) {
            byte[] hash = section.readString();
            if (hash.length != length) {
                throw new ParseException("a fingerprint of " + hash.length + " bytes where " + length + " belong",
                        offset);
            }
            hashes.add(ByteBuffer.wrap(hash));
        }
    }

    /**
     * Sections 2.5 and 5: an extension; a critical one is refused, the others (Bloom filters, which
     * only speed a reader up) are skipped.
     */
    static void checkExtension(WireReader extension, int offset) throws ParseException, WireFormatException {
        String name = extension.readUtf8();
        boolean critical = extension.readBoolean();
        extension.readString();
        if (critical) {
            throw new ParseException("unsupported critical KRL extension " + PeerText.printable(name, 64), offset);
        }
    }
}
