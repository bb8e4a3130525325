// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.sftp.LoopbackServerAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScpCommand} as an exec handler on a real SSH server, driven by hand from the Amiko client. */
class ScpCommandTest {
    @TempDir
    Path root;

    @Test
    void uploadThroughExec() throws Exception {
        try (AutoCloseable server = LoopbackServerAccess.start(SftpSubsystem.rooted(root, RootedOptions.DEFAULTS),
                ScpCommand.rooted(root, RootedOptions.DEFAULTS));
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            Channel channel = transport.openSession();
            channel.exec("scp -t /up.txt");
            InputStream in = channel.getInputStream();
            OutputStream out = channel.getOutputStream();
            assertEquals(0, in.read());
            out.write("C0644 5 whatever\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(0, in.read());
            out.write("hello\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(0, in.read());
            channel.shutdownOutput();
            assertEquals(-1, in.read());
            assertEquals(0, channel.recvExitStatus());
            assertEquals("hello", Files.readString(root.resolve("up.txt")));
        }
    }

    @Test
    void badCommandLineExitsWithUsage() throws Exception {
        try (AutoCloseable server = LoopbackServerAccess.start(SftpSubsystem.rooted(root, RootedOptions.DEFAULTS),
                ScpCommand.rooted(root, RootedOptions.DEFAULTS));
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            Channel channel = transport.openSession();
            channel.exec("scp -z /x");
            String error = new String(channel.getExtendedInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, channel.recvExitStatus());
            assertTrue(error.contains("unknown option -z") && error.contains("usage"), error);
        }
    }
}
