// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.server.SftpDirectoryHandle;
import org.amiko.sftp.server.SftpFileHandle;
import org.amiko.sftp.server.SftpFileSystem;

/**
 * {@code scp -f}: sends files and directories as OpenSSH's {@code source()} and {@code rsource()}
 * do, read through an {@link SftpFileSystem}. Wildcards in the last component of a source
 * ({@code *}, {@code ?}, {@code [...]}) are expanded, as the remote shell would for OpenSSH.
 */
public final class ScpSource {
    private static final int MAX_DEPTH = 64;
    private static final int BUFFER = 32 * 1024;
    /** Matches of one wildcard; more is refused rather than listed into memory. */
    private static final int MAX_MATCHES = 100_000;

    private final SftpFileSystem fileSystem;
    private final ScpStream stream;
    private final ScpCommandLine command;
    private final byte[] buffer = new byte[BUFFER];

    ScpSource(SftpFileSystem fileSystem, ScpStream stream, ScpCommandLine command) {
        this.fileSystem = fileSystem;
        this.stream = stream;
        this.command = command;
    }

    void run() throws IOException {
        // the sink starts by saying it is ready
        stream.response();
        for (String source : command.paths()) {
            for (String path : expand(source)) {
                send(path, 0);
            }
        }
    }

    private List<String> expand(String source) throws IOException {
        String path = source.length() > 1 && source.endsWith("/") ? source.replaceAll("/+$", "") : source;
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        if (last.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return List.of(path);
        }
        String directory = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + last);
        List<String> matches = new ArrayList<>();
        try (SftpDirectoryHandle listing = fileSystem.opendir(directory)) {
            List<SftpEntry> batch;
            while (!(batch = listing.readdir(1000)).isEmpty()) {
                for (SftpEntry entry : batch) {
                    String name = entry.filename();
                    if (!name.startsWith(".") && matcher.matches(Path.of(name))) {
                        matches.add(slash < 0 ? name : directory.equals("/") ? "/" + name : directory + "/" + name);
                    }
                }
                if (matches.size() > MAX_MATCHES) {
                    throw stream.fatal(source + ": too many matches");
                }
            }
        } catch (IOException e) {
            if (e instanceof ScpStream.Fatal) {
                throw e;
            }
            stream.error(source + ": " + e.getMessage());
            return List.of();
        }
        if (matches.isEmpty()) {
            stream.error(source + ": No such file or directory");
        }
        matches.sort(null);
        return matches;
    }

    private void send(String path, int depth) throws IOException {
        SftpAttributes attributes;
        try {
            attributes = fileSystem.stat(path);
        } catch (IOException e) {
            stream.error(e.getMessage());
            return;
        }
        if (attributes.isDirectory()) {
            if (command.recursive()) {
                sendDirectory(path, attributes, depth);
            } else {
                stream.error(path + ": not a regular file");
            }
            return;
        }
        if (!attributes.isRegularFile()) {
            stream.error(path + ": not a regular file");
            return;
        }
        if (!sendTimes(attributes)) {
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.contains("\n")) {
            stream.error(path + ": name contains a newline");
            return;
        }
        SftpFileHandle file;
        try {
            file = fileSystem.open(path, EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY);
        } catch (IOException e) {
            stream.error(e.getMessage());
            return;
        }
        try (SftpFileHandle open = file) {
            stream.line(String.format("C%04o %d %s", attributes.permissions() & 07777, attributes.size(), name));
            if (!stream.response()) {
                return;
            }
            sendData(open, path, attributes.size());
            stream.response();
        }
    }

    /** Sends exactly {@code size} bytes; a read failure is padded with zeros to stay in step, then reported. */
    private void sendData(SftpFileHandle file, String path, long size) throws IOException {
        String failure = null;
        long offset = 0;
        while (offset < size) {
            int length = (int) Math.min(buffer.length, size - offset);
            int filled = 0;
            if (failure == null) {
                try {
                    ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
                    while (target.hasRemaining() && file.read(offset + target.position(), target) > 0) {
                        filled = target.position();
                    }
                    filled = target.position();
                    if (filled < length) {
                        failure = path + ": file shrank while being sent";
                    }
                } catch (IOException e) {
                    failure = e.getMessage();
                }
            }
            Arrays.fill(buffer, filled, length, (byte) 0);
            stream.write(buffer, 0, length);
            offset += length;
        }
        stream.flush();
        if (failure == null) {
            stream.ok();
        } else {
            stream.error(failure);
        }
    }

    private void sendDirectory(String path, SftpAttributes attributes, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            stream.error(path + ": directories nested too deep");
            return;
        }
        String name = path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("/") || name.equals(".") || name.equals("..")) {
            name = "root";
        }
        SftpDirectoryHandle listing;
        try {
            listing = fileSystem.opendir(path);
        } catch (IOException e) {
            stream.error(e.getMessage());
            return;
        }
        try (SftpDirectoryHandle open = listing) {
            if (!sendTimes(attributes)) {
                return;
            }
            stream.line(String.format("D%04o 0 %s", attributes.permissions() & 07777, name));
            if (!stream.response()) {
                return;
            }
            List<SftpEntry> batch;
            while (!(batch = open.readdir(100)).isEmpty()) {
                for (SftpEntry entry : batch) {
                    String child = path.endsWith("/") ? path + entry.filename() : path + "/" + entry.filename();
                    if (entry.filename().equals(".") || entry.filename().equals("..")
                            || entry.attributes().isSymbolicLink() && isDirectory(child)) {
                        // links to directories are not followed: a link to an ancestor would never end
                        continue;
                    }
                    send(child, depth + 1);
                }
            }
        }
        stream.line("E");
        stream.response();
    }

    private boolean isDirectory(String path) {
        try {
            return fileSystem.stat(path).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean sendTimes(SftpAttributes attributes) throws IOException {
        if (!command.preserve() || !attributes.has(SftpAttributes.FLAG_ACMODTIME)) {
            return true;
        }
        stream.line("T" + attributes.mtime() + " 0 " + attributes.atime() + " 0");
        return stream.response();
    }
}
