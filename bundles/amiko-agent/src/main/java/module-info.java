// SPDX-License-Identifier: Apache-2.0
/**
 * The ssh-agent protocol (draft-miller-ssh-agent) over Unix domain sockets: a client that lists
 * and signs with an agent's keys, and agent forwarding (OpenSSH PROTOCOL.agent) both ways.
 */
module org.amiko.agent {
    requires transitive org.amiko;
    requires org.amiko.spi;
    requires org.amiko.keys;
    requires org.amiko.forward;
    requires static osgi.annotation;

    exports org.amiko.agent;
}
