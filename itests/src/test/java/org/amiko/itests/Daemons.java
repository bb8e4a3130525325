// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Daemons a test starts itself (sshd, krb5kdc): waiting until one listens, and stopping it. */
final class Daemons {
    private Daemons() {}

    /**
     * Polls {@code 127.0.0.1:port} until it accepts, for at most 20 s.
     *
     * @param log the daemon's output, quoted when it exits or never listens
     * @throws IOException if it exits first or does not listen in time
     */
    static void awaitListening(Process daemon, String name, int port, Path log) throws IOException {
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

    /** Stops the daemon and waits until it is gone, so that its port and files are free. */
    static void stop(Process daemon) {
        daemon.destroy();
        try {
            daemon.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
