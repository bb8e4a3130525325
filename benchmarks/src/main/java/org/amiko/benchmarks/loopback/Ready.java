// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the harness knows a server is serving: it sends its SSH identification line. */
final class Ready {
    private Ready() {}

    /**
     * Polls until {@code port} answers with {@code SSH-2.0-}; returns the milliseconds since
     * {@code startedNanos}. A connect alone is not enough: OSGi's listener may be bound by a previous
     * configuration, and sshd accepts before it has read its keys.
     */
    static long awaitBanner(Process process, int port, Path log, long startedNanos, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited (" + process.exitValue() + "): " + tail(log));
            }
            try (Socket probe = new Socket()) {
                probe.setSoTimeout(2000);
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                InputStream in = probe.getInputStream();
                byte[] start = in.readNBytes(8);
                if (new String(start, StandardCharsets.US_ASCII).equals("SSH-2.0-")) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IOException("no SSH banner on port " + port + " within " + timeoutMillis + " ms: " + tail(log));
    }

    static long awaitBanner(Process process, int port, Path log) throws IOException, InterruptedException {
        return awaitBanner(process, port, log, System.nanoTime(), 60_000);
    }

    /** Reads {@code LISTENING port} from a server main's standard output. */
    static int listeningPort(Process process, Path log, long timeoutMillis) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        int[] port = {-1};
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("LISTENING ") && port[0] < 0) {
                        synchronized (port) {
                            port[0] = Integer.parseInt(line.substring(10).strip());
                            port.notifyAll();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (port) {
            while (port[0] < 0 && System.currentTimeMillis() < deadline && process.isAlive()) {
                port.wait(100);
            }
        }
        if (port[0] < 0) {
            throw new IOException("server did not report its port: " + tail(log));
        }
        return port[0];
    }

    static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
