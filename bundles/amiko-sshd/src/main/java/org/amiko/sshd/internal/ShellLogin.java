// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetSocketAddress;
import java.util.List;
import javax.security.auth.Subject;

/**
 * Who a session's shell or command runs for: the name the client logged in with and, for Karaf's
 * console, the JAAS subject its commands run as: the one a {@code jaasRealm} logged in, or one
 * holding {@code karafRoles} (as the login's match blocks leave it).
 *
 * @param user the authenticated user name
 * @param karafRoles the JAAS roles Karaf's command ACLs check, when no realm logged the user in;
 *     empty for none
 * @param jaas the subject the realm logged in by password, or null
 * @param client the client's address and port, which Karaf's audit records; null once the
 *     connection has gone
 */
record ShellLogin(String user, List<String> karafRoles, Subject jaas, InetSocketAddress client) {
    ShellLogin {
        karafRoles = List.copyOf(karafRoles);
    }
}
