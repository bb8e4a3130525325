// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.util.List;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * {@code SSH_MSG_KEXINIT} (RFC 4253 section 7.1). {@link #payload()} keeps the exact bytes, which
 * enter the exchange hash as {@code I_C} / {@code I_S}.
 */
record KexInit(List<String> kex, List<String> hostKey, List<String> ciphersClientToServer,
        List<String> ciphersServerToClient, List<String> macsClientToServer, List<String> macsServerToClient,
        List<String> compressionClientToServer, List<String> compressionServerToClient,
        boolean firstKexPacketFollows, byte[] payload) {

    /** Encodes a KEXINIT with a fresh cookie and no languages. */
    static KexInit create(byte[] cookie, List<String> kex, List<String> hostKey, List<String> ciphers,
            List<String> macs, List<String> compression) {
        WireWriter out = new WireWriter(512);
        out.writeByte(SshMessage.KEXINIT);
        out.writeBytes(cookie);
        out.writeNameList(kex);
        out.writeNameList(hostKey);
        out.writeNameList(ciphers);
        out.writeNameList(ciphers);
        out.writeNameList(macs);
        out.writeNameList(macs);
        out.writeNameList(compression);
        out.writeNameList(compression);
        out.writeNameList(List.of());
        out.writeNameList(List.of());
        out.writeBoolean(false);
        out.writeUint32(0);
        return new KexInit(List.copyOf(kex), List.copyOf(hostKey), List.copyOf(ciphers), List.copyOf(ciphers),
                List.copyOf(macs), List.copyOf(macs), List.copyOf(compression), List.copyOf(compression), false,
                out.toByteArray());
    }

    /** Parses a received KEXINIT; languages are read and ignored (RFC 4253 section 7.1 allows that). */
    static KexInit parse(Packet packet) throws WireFormatException {
        WireReader in = packet.reader();
        in.skip(16);
        List<String> kex = in.readNameList();
        List<String> hostKey = in.readNameList();
        List<String> encC2S = in.readNameList();
        List<String> encS2C = in.readNameList();
        List<String> macC2S = in.readNameList();
        List<String> macS2C = in.readNameList();
        List<String> compC2S = in.readNameList();
        List<String> compS2C = in.readNameList();
        in.readNameList();
        in.readNameList();
        boolean follows = in.readBoolean();
        in.readUint32();
        return new KexInit(kex, hostKey, encC2S, encS2C, macC2S, macS2C, compC2S, compS2C, follows,
                packet.payload());
    }
}
