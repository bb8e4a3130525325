// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;

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

    /**
     * A client transport to {@code host:port} whose bytes go through a new pair: the engine drives
     * the near end, {@code relay} gets the far end to carry them on (it starts its own threads).
     * Host key checks see the peer as {@code host:port}, unresolved. When the pair cannot be made,
     * {@code carrier} (what the bytes would have gone through) is closed.
     */
    static Transport tunnel(String host, int port, TransportSettings settings, Supplier<AlgorithmCatalog> catalog,
            AutoCloseable carrier, Consumer<SocketChannel> relay) throws IOException {
        SocketChannel[] ends;
        try {
            ends = open();
        } catch (IOException | RuntimeException e) {
            try {
                carrier.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        relay.accept(ends[1]);
        return Amiko.transport(ends[0], InetSocketAddress.createUnresolved(host, port), settings, catalog);
    }

    /** Runs {@code work} on a daemon thread of its own. */
    static void startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
