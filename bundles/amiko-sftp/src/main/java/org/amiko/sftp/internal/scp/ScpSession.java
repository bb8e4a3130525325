// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import org.amiko.sftp.server.SftpFileSystem;

/**
 * One run of the remote half of the legacy SCP protocol: {@code scp -t} ({@link ScpSink}) or
 * {@code scp -f} ({@link ScpSource}), ending with OpenSSH's exit status (0, or 1 after any
 * error).
 */
public final class ScpSession {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");

    private ScpSession() {}

    /**
     * Runs {@code command} on the channel's streams.
     *
     * @return the exit status
     */
    public static int run(ScpCommandLine command, SftpFileSystem fileSystem, InputStream in, OutputStream out)
            throws IOException {
        ScpStream stream = new ScpStream(in, out);
        try {
            if (command.sink()) {
                new ScpSink(fileSystem, stream, command).run();
            } else {
                new ScpSource(fileSystem, stream, command).run();
            }
        } catch (ScpStream.Fatal e) {
            LOG.log(Level.DEBUG, () -> "scp ended: " + e.getMessage());
            return 1;
        } finally {
            stream.flush();
        }
        return stream.errors() == 0 ? 0 : 1;
    }
}
