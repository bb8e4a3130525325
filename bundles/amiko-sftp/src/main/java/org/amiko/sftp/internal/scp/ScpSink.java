// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.server.SftpFileHandle;
import org.amiko.sftp.server.SftpFileSystem;

/**
 * {@code scp -t}: receives files and directories as OpenSSH's {@code sink()} does, through an
 * {@link org.amiko.sftp.server.SftpFileSystem} so that its root, read-only mode and umask hold for
 * SCP too. Incoming names are single path components; anything else ends the transfer.
 */
public final class ScpSink {
    private static final int MAX_DEPTH = 64;
    private static final int BUFFER = 32 * 1024;

    private final SftpFileSystem fileSystem;
    private final ScpStream stream;
    private final ScpCommandLine command;
    private final byte[] buffer = new byte[BUFFER];

    ScpSink(SftpFileSystem fileSystem, ScpStream stream, ScpCommandLine command) {
        this.fileSystem = fileSystem;
        this.stream = stream;
        this.command = command;
    }

    void run() throws IOException {
        String target = command.paths().get(0);
        if (command.targetIsDirectory() && !isDirectory(target)) {
            throw stream.fatal(target + ": Not a directory");
        }
        receive(target, 0);
    }

    /** One level: the ok that starts it, then records until {@code E} or the end of the stream. */
    private void receive(String target, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw stream.fatal("protocol error: directories nested too deep");
        }
        stream.ok();
        boolean targetIsDirectory = isDirectory(target);
        long[] times = null;
        while (true) {
            int first = stream.read();
            if (first < 0) {
                return;
            }
            String line = stream.readLine(first);
            char kind = line.isEmpty() ? '\n' : line.charAt(0);
            switch (kind) {
                case '\1', '\2' -> {
                    // the source reports its own error; a fatal one ends the transfer
                    if (kind == '\2') {
                        throw new ScpStream.Fatal(line.substring(1));
                    }
                }
                case 'E' -> {
                    stream.ok();
                    return;
                }
                case 'T' -> {
                    times = ScpRecord.times(line, stream);
                    stream.ok();
                }
                case 'C', 'D' -> {
                    ScpRecord record = ScpRecord.parse(line, stream);
                    String path = targetIsDirectory ? join(target, record.name()) : target;
                    if (kind == 'D') {
                        directory(record, path, times, depth);
                    } else {
                        file(record, path, times);
                    }
                    times = null;
                }
                default -> throw stream.fatal("protocol error: expected control record");
            }
        }
    }

    private void directory(ScpRecord record, String path, long[] times, int depth) throws IOException {
        if (!command.recursive()) {
            throw stream.fatal("protocol error: received directory without -r");
        }
        try {
            if (exists(path)) {
                if (!isDirectory(path)) {
                    stream.error(path + ": Not a directory");
                    return;
                }
            } else {
                fileSystem.mkdir(path, SftpAttributes.EMPTY.withPermissions(record.mode() | 0700));
            }
        } catch (SftpException e) {
            stream.error(e.getMessage());
            return;
        }
        receive(path, depth + 1);
        try {
            SftpAttributes finish = SftpAttributes.EMPTY;
            if (times != null) {
                finish = finish.withTimes(times[1], times[0]);
            }
            if (command.preserve()) {
                finish = finish.withPermissions(record.mode());
            }
            if (finish.flags() != 0) {
                fileSystem.setstat(path, finish);
            }
        } catch (IOException e) {
            stream.error(e.getMessage());
        }
    }

    private void file(ScpRecord record, String path, long[] times) throws IOException {
        SftpFileHandle handle;
        try {
            handle = fileSystem.open(path, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE),
                    SftpAttributes.EMPTY.withPermissions(record.mode()));
        } catch (IOException e) {
            // the source reads the error and skips the file's data
            stream.error(e.getMessage());
            return;
        }
        // the source sends the data only after this
        stream.ok();
        String failure = null;
        try (SftpFileHandle open = handle) {
            long offset = 0;
            while (offset < record.size()) {
                int length = (int) Math.min(buffer.length, record.size() - offset);
                stream.readFully(buffer, length);
                if (failure == null) {
                    try {
                        open.write(offset, ByteBuffer.wrap(buffer, 0, length));
                    } catch (IOException e) {
                        // keep reading: the stream stays in step with the source
                        failure = e.getMessage();
                    }
                }
                offset += length;
            }
            if (failure == null) {
                SftpAttributes finish = command.preserve() ? SftpAttributes.EMPTY.withPermissions(record.mode())
                        : SftpAttributes.EMPTY;
                if (times != null) {
                    finish = finish.withTimes(times[1], times[0]);
                }
                if (finish.flags() != 0) {
                    open.fsetstat(finish);
                }
            }
        } catch (SftpException e) {
            failure = failure == null ? e.getMessage() : failure;
        }
        // the source's own verdict on the data it sent
        stream.response();
        if (failure == null) {
            stream.ok();
        } else {
            stream.error(failure);
        }
    }

    private boolean isDirectory(String path) {
        try {
            return fileSystem.stat(path).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean exists(String path) {
        try {
            fileSystem.lstat(path);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String join(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
