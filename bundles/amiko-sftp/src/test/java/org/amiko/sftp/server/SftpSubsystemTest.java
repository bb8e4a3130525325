// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.sftp.LoopbackServerAccess;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subsystem on a real channel: how it ends, and whose symlink order it follows. */
class SftpSubsystemTest {
    @TempDir
    Path root;

    @Test
    void endsWithExitStatusZeroAfterTheClientsEof() throws Exception {
        try (AutoCloseable server = LoopbackServerAccess.start(SftpSubsystem.rooted(root, RootedOptions.DEFAULTS), null);
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            Channel channel = transport.openSession();
            channel.invokeSubsystem("sftp");
            channel.getOutputStream().write(SftpFraming.frame(SftpFraming.start(PacketType.INIT, 4).writeUint32(3)));
            channel.shutdownOutput();
            InputStream in = channel.getInputStream();
            ByteArrayOutputStream version = new ByteArrayOutputStream();
            in.transferTo(version);
            assertEquals(PacketType.VERSION, version.toByteArray()[4]);
            assertEquals(0, channel.recvExitStatus(), "as sshd reports a finished sftp-server");
        }
    }

    @Test
    void aMalformedStreamEndsWithExitStatusOne() throws Exception {
        try (AutoCloseable server = LoopbackServerAccess.start(SftpSubsystem.rooted(root, RootedOptions.DEFAULTS), null);
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            Channel channel = transport.openSession();
            channel.invokeSubsystem("sftp");
            channel.getOutputStream().write(new byte[] {0x7f, 0, 0, 0, 1});
            channel.getInputStream().readAllBytes();
            assertEquals(1, channel.recvExitStatus());
        }
    }

    @Test
    void symlinkOrderFollowsTheClient() {
        assertTrue(SftpSubsystem.sendsDraftSymlinkOrder("SSH-2.0-AsyncSSH_2.10.1"));
        assertFalse(SftpSubsystem.sendsDraftSymlinkOrder("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"));
        assertFalse(SftpSubsystem.sendsDraftSymlinkOrder("SSH-2.0-paramiko_2.12.0"));
        assertFalse(SftpSubsystem.sendsDraftSymlinkOrder("SSH-2.0-PuTTY_Release_0.78"));
        assertFalse(SftpSubsystem.sendsDraftSymlinkOrder(null));
    }

    @Test
    void rootedNeedsAnExistingDirectory() {
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> SftpSubsystem.rooted(root.resolve("missing"), RootedOptions.DEFAULTS));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
            Files.writeString(root.resolve("file"), "x");
            SftpSubsystem.rooted(root.resolve("file"), RootedOptions.DEFAULTS);
        });
    }
}
