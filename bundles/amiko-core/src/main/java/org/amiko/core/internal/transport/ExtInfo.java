// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/** {@code SSH_MSG_EXT_INFO} (RFC 8308 section 2.3). */
final class ExtInfo {
    /** RFC 8308 section 3.1: the signature algorithms the server accepts in publickey auth. */
    static final String SERVER_SIG_ALGS = "server-sig-algs";
    /**
     * OpenSSH PROTOCOL section 3.1: the server takes {@code publickey-hostbound-v00@openssh.com}
     * user authentication; version "0" is the only one defined.
     */
    static final String PUBLICKEY_HOSTBOUND = "publickey-hostbound@openssh.com";
    static final String PUBLICKEY_HOSTBOUND_VERSION = "0";
    /** OpenSSH PROTOCOL section 1.9: the server answers {@code SSH2_MSG_PING}; version "0". */
    static final String PING = "ping@openssh.com";
    /**
     * OpenSSH PROTOCOL ("SSH2_MSG_EXT_INFO during user authentication"), from the client: it takes
     * the server's EXT_INFO during user authentication too (sshd 9.6+ then sends per-user
     * {@code server-sig-algs}); version "0".
     */
    static final String EXT_INFO_IN_AUTH = "ext-info-in-auth@openssh.com";
    /** No peer needs more; a bound keeps a hostile message cheap. */
    private static final int MAX_EXTENSIONS = 64;

    private ExtInfo() {}

    /**
     * The server's payload: {@code server-sig-algs}, host-bound public key authentication and
     * ping, as sshd 9.5+ announces them.
     */
    static byte[] serverExtensions(List<String> algorithms) {
        return new WireWriter(256).writeByte(SshMessage.EXT_INFO).writeUint32(3).writeString(SERVER_SIG_ALGS)
                .writeString(String.join(",", algorithms)).writeString(PUBLICKEY_HOSTBOUND)
                .writeString(PUBLICKEY_HOSTBOUND_VERSION).writeString(PING).writeString("0").toByteArray();
    }

    /**
     * The client's payload, sent when the server's KEXINIT has {@code ext-info-s} (RFC 8308
     * section 2.1), as ssh 9.6+ sends it: {@value #EXT_INFO_IN_AUTH}. This client already takes an
     * EXT_INFO at any time after the key exchange, its {@code server-sig-algs} replacing the last.
     */
    static byte[] clientExtensions() {
        return new WireWriter(64).writeByte(SshMessage.EXT_INFO).writeUint32(1).writeString(EXT_INFO_IN_AUTH)
                .writeString("0").toByteArray();
    }

    /** Whether the extensions announce {@code name} at exactly {@code version}, as OpenSSH requires. */
    static boolean announces(Map<String, byte[]> extensions, String name, String version) {
        byte[] value = extensions.get(name);
        return value != null && new String(value, StandardCharsets.US_ASCII).equals(version);
    }

    /** Parses the extensions, names to raw values. */
    static Map<String, byte[]> parse(Packet packet) throws WireFormatException {
        WireReader in = packet.reader();
        int count = in.readUint32();
        if (count < 0 || count > MAX_EXTENSIONS) {
            throw new WireFormatException("EXT_INFO announces " + Integer.toUnsignedString(count) + " extensions");
        }
        Map<String, byte[]> extensions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUtf8();
            extensions.put(name, in.readString());
        }
        return Collections.unmodifiableMap(extensions);
    }

    /** Splits a name-list value such as {@code server-sig-algs}. */
    static List<String> nameList(byte[] value) {
        String text = new String(value, StandardCharsets.US_ASCII);
        return text.isEmpty() ? List.of() : List.of(text.split(","));
    }
}
