// SPDX-License-Identifier: Apache-2.0
/**
 * The Amiko user API, shaped after paramiko: {@link org.amiko.Transport}, {@link org.amiko.Channel},
 * {@link org.amiko.SecurityOptions}, {@link org.amiko.server.ServerInterface} and the
 * {@link org.amiko.SshException} family. No cryptography lives here.
 */
module org.amiko {
    requires static osgi.annotation;
    requires transitive java.security.jgss;

    exports org.amiko;
    exports org.amiko.server;
}
