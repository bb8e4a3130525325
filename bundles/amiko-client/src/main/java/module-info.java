// SPDX-License-Identifier: Apache-2.0
/** The convenience client, shaped after paramiko's SSHClient. */
module org.amiko.client {
    requires transitive org.amiko;
    requires transitive org.amiko.sftp;
    requires org.amiko.core;
    requires org.amiko.keys;
    requires org.amiko.agent;
    requires org.amiko.forward;
    requires static osgi.annotation;

    exports org.amiko.client;
}
