// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;

/**
 * The server's side of one {@code gssapi-with-mic} attempt (RFC 4462 section 3): the acceptor's
 * security context from the first token to the MIC. Tokens and rounds are counted, so a client
 * cannot keep the exchange going.
 */
final class GssapiAcceptance {
    /** RFC 8062 section 2: the anonymous principal's name, in any realm. */
    private static final String ANONYMOUS = "WELLKNOWN/ANONYMOUS@";
    private final String user;
    private final GSSContext context;
    private int rounds;

    GssapiAcceptance(String user, GSSCredential credential) throws GSSException {
        this.user = user;
        this.context = GSSManager.getInstance().createContext(credential);
    }

    String user() {
        return user;
    }

    boolean isEstablished() {
        return context.isEstablished();
    }

    /**
     * Takes the client's token; returns the token to send back, or null.
     *
     * @throws GSSException when the token does not establish a context (a bad ticket, a key we do
     *     not hold) or the exchange goes on too long
     */
    byte[] accept(byte[] token) throws GSSException {
        if (++rounds > Gssapi.MAX_ROUNDS || context.isEstablished()) {
            throw new GSSException(GSSException.DEFECTIVE_TOKEN);
        }
        byte[] out = context.acceptSecContext(token, 0, token.length);
        return out == null || out.length == 0 ? null : out;
    }

    /**
     * Checks the client's MIC over this session's data and returns the authenticated principal.
     *
     * @throws GSSException if the MIC does not verify
     */
    String verify(byte[] mic, byte[] sessionId) throws GSSException {
        byte[] data = Gssapi.micData(sessionId, user);
        context.verifyMIC(mic, 0, mic.length, data, 0, data.length, new MessageProp(0, false));
        GSSName source = context.getSrcName();
        String principal = source.toString();
        // RFC 8062's anonymous principal proves nobody, even where a realm pattern would match it
        if (context.getAnonymityState() || source.isAnonymous() || principal.startsWith(ANONYMOUS)) {
            throw new GSSException(GSSException.UNAUTHORIZED);
        }
        return principal;
    }

    void dispose() {
        try {
            context.dispose();
        } catch (GSSException e) {
            // nothing held that matters
        }
    }
}
