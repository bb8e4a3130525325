// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetSocketAddress;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.Optional;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * A login as Karaf's JAAS sees one: a subject with the user's name and its roles, under which
 * Karaf's console and commands run, as Karaf's SSH server runs them under the subject its realm
 * logged in. Karaf's command ACLs look for the roles ({@link RolePrincipal}), and its console's
 * {@code USER} and prompt for the name ({@link UserPrincipal}), and its audit for where the client
 * is ({@link ClientPrincipal}).
 */
final class KarafSubject {
    private KarafSubject() {
    }

    /** The subject of {@code login}: its name, {@code karafRoles} and client. */
    static Subject of(ShellLogin login) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(login.user()));
        if (login.client() != null) {
            subject.getPrincipals().add(client(login.client()));
        }
        for (String role : login.karafRoles()) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        subject.setReadOnly();
        return subject;
    }

    /**
     * Where a login comes from as Karaf's SSH server names it: {@code ssh(/192.0.2.7:50022)}, the
     * name Karaf's audit log and its audit login modules record.
     */
    static ClientPrincipal client(InetSocketAddress client) {
        return new ClientPrincipal("ssh", client.toString());
    }

    /** The subject this thread runs as, if any: the one {@link #runAs} set. */
    @SuppressWarnings("removal") // as Karaf 4.4 itself finds it
    static Optional<Subject> current() {
        return Optional.ofNullable(Subject.getSubject(AccessController.getContext()));
    }

    /** Runs {@code body} as {@code subject}. */
    @SuppressWarnings("removal") // Subject.doAs is how Karaf 4.4's ACLs find the subject (Subject.getSubject)
    static void runAs(Subject subject, Runnable body) {
        Subject.doAs(subject, (PrivilegedAction<Void>) () -> {
            body.run();
            return null;
        });
    }
}
