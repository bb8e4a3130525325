// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a daemon the test started (sshd, krb5kdc) to accept connections on its loopback port. */
final class DaemonPort {
    private DaemonPort() {}

    /**
     * Polls {@code 127.0.0.1:port} until it accepts, for at most 20 s.
     *
     * @param log the daemon's output, quoted when it exits or never listens
     * @throws IOException if it exits first or does not listen in time
     */
    static void await(Process daemon, String name, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IOException(name + " exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // a daemon opens its port only once it is ready: a connect poll is the signal it gives
                Thread.onSpinWait();
            }
        }
        throw new IOException(name + " did not listen on " + port + ": " + Files.readString(log));
    }
}
