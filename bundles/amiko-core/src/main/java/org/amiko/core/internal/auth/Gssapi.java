// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import org.amiko.spi.wire.WireWriter;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/**
 * What both sides of {@code gssapi-with-mic} (RFC 4462 section 3) share: the one mechanism offered,
 * Kerberos V5 (RFC 1964), and the data the MIC covers.
 */
final class Gssapi {
    static final String METHOD = "gssapi-with-mic";
    /** A context needs one round trip with Kerberos; anything near this is a peer playing games. */
    static final int MAX_ROUNDS = 16;
    /** RFC 4462 section 3.2: no client offers more than a handful of mechanisms. */
    static final int MAX_MECHANISMS = 32;
    static final Oid KERBEROS_V5 = oid("1.2.840.113554.1.2.2");
    /** The DER encoding of {@link #KERBEROS_V5}, as the messages carry OIDs. */
    static final byte[] KERBEROS_V5_DER = der(KERBEROS_V5);

    private Gssapi() {}

    /**
     * RFC 4462 section 3.5: the MIC is over {@code string session identifier || byte
     * SSH_MSG_USERAUTH_REQUEST || string user || string service || string "gssapi-with-mic"}.
     */
    static byte[] micData(byte[] sessionId, String user) {
        return new WireWriter(128).writeString(sessionId).writeByte(50).writeString(user)
                .writeString(ClientAuthenticator.CONNECTION_SERVICE).writeString(METHOD).toByteArray();
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] der(Oid oid) {
        try {
            return oid.getDER();
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
