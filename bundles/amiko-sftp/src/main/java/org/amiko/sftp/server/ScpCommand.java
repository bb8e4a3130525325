// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.CommandHandler;
import org.amiko.sftp.internal.scp.ScpCommandLine;
import org.amiko.sftp.internal.scp.ScpSession;

/**
 * The server half of the legacy SCP (rcp) protocol that {@code scp -O} and {@code pscp -scp}
 * speak: {@code scp -t} receives, {@code scp -f} sends, with {@code -r}, {@code -p} and
 * {@code -d}, all through an {@link SftpFileSystem}, so a {@link RootedFileSystem}'s root,
 * read-only mode and umask hold for SCP as for SFTP. As a whiteboard {@link CommandHandler} it
 * serves {@code exec} requests whose first word is {@code scp}; outside OSGi, call
 * {@link #execute} from {@link org.amiko.server.ServerInterface#checkChannelExecRequest} on a
 * thread of your own, then send the exit status and close the channel.
 */
public final class ScpCommand implements CommandHandler {
    /** The command name, the first word of the exec request. */
    public static final String NAME = "scp";

    private final SftpFileSystemFactory fileSystems;

    private ScpCommand(SftpFileSystemFactory fileSystems) {
        this.fileSystems = Objects.requireNonNull(fileSystems);
    }

    public static ScpCommand of(SftpFileSystemFactory fileSystems) {
        return new ScpCommand(fileSystems);
    }

    /**
     * Serves {@code root} through a {@link RootedFileSystem}.
     *
     * @throws IOException if {@code root} is not an existing directory
     */
    public static ScpCommand rooted(Path root, RootedOptions options) throws IOException {
        return new ScpCommand(RootedFileSystem.factory(root, options));
    }

    /** Runs one {@code scp -t} or {@code scp -f} to its end; returns the exit status. */
    @Override
    public int execute(String commandLine, Transport transport, Channel channel) throws IOException {
        ScpCommandLine command;
        try {
            command = ScpCommandLine.parse(commandLine);
        } catch (IllegalArgumentException e) {
            channel.getExtendedOutputStream().write(("scp: " + e.getMessage()
                    + "\nusage: scp [-r] [-p] [-d] -t TARGET | -f SOURCE...\n").getBytes(StandardCharsets.UTF_8));
            return 1;
        }
        try (SftpFileSystem fileSystem = fileSystems.open(transport.getUsername(), transport)) {
            return ScpSession.run(command, fileSystem, channel.getInputStream(), channel.getOutputStream());
        }
    }
}
