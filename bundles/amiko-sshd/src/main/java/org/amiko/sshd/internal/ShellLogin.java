// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.List;

/**
 * Who a session's shell or command runs for: the name the client logged in with and, for Karaf's
 * console, the roles its commands run with ({@code karafRoles}, as its match blocks leave it).
 *
 * @param user the authenticated user name
 * @param karafRoles the JAAS roles Karaf's command ACLs check; empty for none
 */
record ShellLogin(String user, List<String> karafRoles) {
    ShellLogin {
        karafRoles = List.copyOf(karafRoles);
    }
}
