// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.util.ArrayList;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.spi.wire.WireWriter;

/**
 * What {@link RawSshPeer}'s KEXINIT offers, family by family (RFC 4253 section 7.1), the same lists in
 * both directions.
 */
record KexOffer(List<String> kex, List<String> hostKey, List<String> ciphers, List<String> macs,
        List<String> compression) {

    /** A KEXINIT this peer can see through: curve25519, ed25519, the given cipher, hmac-sha2-256. */
    static KexOffer standard(String cipher, boolean strictKex) {
        List<String> kex = new ArrayList<>(List.of("curve25519-sha256"));
        if (strictKex) {
            kex.add(RawSshPeer.STRICT_KEX_C);
        }
        return new KexOffer(kex, List.of("ssh-ed25519"), List.of(cipher), List.of("hmac-sha2-256"), List.of("none"));
    }

    /** This offer with one family replaced, e.g. by names the server does not know. */
    KexOffer with(AlgorithmFamily family, List<String> names) {
        return switch (family) {
            case KEX -> new KexOffer(names, hostKey, ciphers, macs, compression);
            case HOST_KEY -> new KexOffer(kex, names, ciphers, macs, compression);
            case CIPHER -> new KexOffer(kex, hostKey, names, macs, compression);
            case MAC -> new KexOffer(kex, hostKey, ciphers, names, compression);
            case COMPRESSION -> new KexOffer(kex, hostKey, ciphers, macs, names);
        };
    }

    /** The SSH_MSG_KEXINIT payload, with no languages and no guessed packet. */
    byte[] payload(byte[] cookie) {
        return payload(cookie, false);
    }

    /** The payload, saying whether a guessed key exchange packet follows (RFC 4253 section 7.1). */
    byte[] payload(byte[] cookie, boolean guessFollows) {
        return new WireWriter(512).writeByte(RawSshPeer.KEXINIT).writeBytes(cookie).writeNameList(kex)
                .writeNameList(hostKey).writeNameList(ciphers).writeNameList(ciphers).writeNameList(macs).writeNameList(macs)
                .writeNameList(compression).writeNameList(compression).writeNameList(List.of())
                .writeNameList(List.of()).writeBoolean(guessFollows).writeUint32(0).toByteArray();
    }
}
