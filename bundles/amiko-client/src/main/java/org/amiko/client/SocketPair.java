// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Two connected Unix sockets, as {@code socketpair(2)} makes them and the JDK does not: the engine
 * drives sockets, so a connection carried by something else (a channel to a jump host) gets one
 * end and a relay the other. The rendezvous is in a directory only this user can enter, and is
 * gone before this returns, so no other process can connect to it.
 */
final class SocketPair {
    private SocketPair() {}

    /** Both ends, blocking; the first is the one to give the engine. */
    static SocketChannel[] open() throws IOException {
        Path directory = Files.createTempDirectory("amiko-pair-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path rendezvous = directory.resolve("socket");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(rendezvous), 1);
            SocketChannel near = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                near.connect(UnixDomainSocketAddress.of(rendezvous));
                return new SocketChannel[] {near, listener.accept()};
            } catch (IOException | RuntimeException e) {
                near.close();
                throw e;
            }
        } finally {
            Files.deleteIfExists(rendezvous);
            Files.deleteIfExists(directory);
        }
    }
}
