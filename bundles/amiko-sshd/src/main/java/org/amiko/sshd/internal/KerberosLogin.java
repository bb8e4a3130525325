// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.amiko.keys.PatternLists;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The appliance's Kerberos logins ({@code gssapi-with-mic}, RFC 4462): the acceptor credential
 * read from a keytab, as sshd reads its {@code host/NAME} key, and which client principals may log
 * in. As a key in authorized_keys, an allowed principal logs in under any user name.
 */
final class KerberosLogin {
    private static final String KERBEROS_V5 = "1.2.840.113554.1.2.2";

    private final GSSCredential acceptor;
    private final String principals;

    private KerberosLogin(GSSCredential acceptor, String principals) {
        this.acceptor = acceptor;
        this.principals = principals;
    }

    /**
     * Reads the keytab's key for {@code servicePrincipal}, or any key it holds for {@code *}.
     *
     * @param allowed the client principals that may log in, an OpenSSH pattern list such as
     *     {@code *@EXAMPLE.ORG,!guest@EXAMPLE.ORG}
     * @throws IOException if the keytab cannot be read or holds no usable key
     */
    static KerberosLogin create(Path keytab, String servicePrincipal, String allowed) throws IOException {
        if (servicePrincipal.isBlank()) {
            // sshd checks the acceptor against host/HOSTNAME unless told not to; the keytab may
            // hold other services' keys, each of which could otherwise pose as this server
            throw new IOException("gssapiPrincipal must name this server's principal (host/NAME@REALM), or * for any"
                    + " key in the keytab");
        }
        if (!Files.isReadable(keytab)) {
            throw new IOException("cannot read the Kerberos keytab " + keytab);
        }
        Subject subject = new Subject();
        if (servicePrincipal.equals("*")) {
            subject.getPrivateCredentials().add(KeyTab.getUnboundInstance(keytab.toFile()));
        } else {
            KerberosPrincipal principal = new KerberosPrincipal(servicePrincipal);
            subject.getPrincipals().add(principal);
            subject.getPrivateCredentials().add(KeyTab.getInstance(principal, keytab.toFile()));
        }
        try {
            GSSCredential credential = acceptorIn(subject);
            return new KerberosLogin(credential, allowed.replaceAll("\\s+", ""));
        } catch (PrivilegedActionException e) {
            throw new IOException("no Kerberos key for " + servicePrincipal + " in " + keytab + ": "
                    + e.getException().getMessage(), e.getException());
        }
    }

    @SuppressWarnings("removal") // Subject.doAs is how JDK 17's JGSS finds the subject's keytab
    private static GSSCredential acceptorIn(Subject subject) throws PrivilegedActionException {
        return Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () -> GSSManager.getInstance()
                .createCredential(null, GSSCredential.INDEFINITE_LIFETIME, new Oid(KERBEROS_V5),
                        GSSCredential.ACCEPT_ONLY));
    }

    GSSCredential acceptor() {
        return acceptor;
    }

    /** Lets go of the server's key, once no connection can use it any more. */
    void dispose() {
        try {
            acceptor.dispose();
        } catch (GSSException e) {
            // nothing more to let go of
        }
    }

    /** Whether the Kerberos-authenticated {@code principal} ({@code name@REALM}) may log in. */
    boolean allows(String principal) {
        return !principals.isEmpty() && PatternLists.matches(principal, principals);
    }
}
