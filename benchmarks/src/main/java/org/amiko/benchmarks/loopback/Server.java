// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;

/** One server under test, listening on a loopback port, in a process whose id the harness reads /proc by. */
public interface Server extends AutoCloseable {

    /** {@code OpenSSH}, {@code MINA} or {@code Amiko}. */
    String name();

    int port();

    long pid();

    /** Whether it is a JVM (heap figures through jcmd), as opposed to OpenSSH. */
    boolean isJvm();

    /** The path a file named {@code name} in the shared SFTP directory has for this server's SFTP. */
    String sftpPath(String name);

    @Override
    void close();

    /** A JVM's live heap after a full collection, in bytes, through {@code jcmd}; -1 for other servers. */
    default long liveHeapBytes(Workspace workspace) throws IOException, InterruptedException {
        return isJvm() ? Jvm.liveHeapBytes(workspace.jcmd(), pid()) : -1;
    }
}
