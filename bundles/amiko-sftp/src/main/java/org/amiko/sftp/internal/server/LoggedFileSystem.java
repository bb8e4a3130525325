// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import static org.amiko.sftp.internal.server.SessionLog.quoted;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.server.SftpDirectoryHandle;
import org.amiko.sftp.server.SftpFileHandle;
import org.amiko.sftp.server.SftpFileSystem;
import org.amiko.sftp.server.SftpServerOptions.LogLevel;

/**
 * A file system whose operations are logged as sftp-server logs them at {@code -l INFO} (opens,
 * closes with the bytes read and written, every change) and {@code -l VERBOSE} (lookups too),
 * with the names as the client sent them. Used only for sessions that log at {@code INFO} or
 * more, so a session that logs nothing pays nothing.
 */
final class LoggedFileSystem implements SftpFileSystem {
    /** sftp-server's {@code strftime} format for a new modification time, in local time. */
    private static final DateTimeFormatter MODTIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss");

    private final SftpFileSystem files;
    private final SessionLog log;
    /** sftp-server's handle_log_exit: what the session closes as it ends is a "forced close". */
    private boolean ending;

    LoggedFileSystem(SftpFileSystem files, SessionLog log) {
        this.files = files;
        this.log = log;
    }

    @Override
    public Set<SftpExtension> extensions() {
        return files.extensions();
    }

    /** Says that the session is ending: handles closed from now on are closed by it, not by the client. */
    void ending() {
        ending = true;
    }

    @Override
    public SftpFileHandle open(String path, Set<OpenFlag> flags, SftpAttributes attributes) throws IOException {
        log.info(openLine(path, flags, attributes));
        return new LoggedFile(files.open(path, flags, attributes), path);
    }

    /** sftp-server's line for an open, allowed or not. */
    static String openLine(String path, Set<OpenFlag> flags, SftpAttributes attributes) {
        int mode = attributes.has(SftpAttributes.FLAG_PERMISSIONS) ? attributes.permissions() : 0666;
        return "open " + quoted(path) + " flags " + flagNames(flags) + " mode 0" + Integer.toOctalString(mode);
    }

    /** As sftp-server's {@code string_from_portable}. */
    private static String flagNames(Set<OpenFlag> flags) {
        return flags.stream().sorted().map(flag -> flag == OpenFlag.EXCLUSIVE ? "EXCL" : flag.name())
                .collect(Collectors.joining(","));
    }

    @Override
    public SftpDirectoryHandle opendir(String path) throws IOException {
        log.info("opendir " + quoted(path));
        SftpDirectoryHandle directory = files.opendir(path);
        return new SftpDirectoryHandle() {
            @Override
            public List<SftpEntry> readdir(int max) throws IOException {
                return directory.readdir(max);
            }

            @Override
            public void close() throws IOException {
                log.info(closing() + "closedir " + quoted(path));
                directory.close();
            }
        };
    }

    @Override
    public SftpAttributes stat(String path) throws IOException {
        verbose("stat name ", path);
        return files.stat(path);
    }

    @Override
    public SftpAttributes lstat(String path) throws IOException {
        verbose("lstat name ", path);
        return files.lstat(path);
    }

    @Override
    public void setstat(String path, SftpAttributes attributes) throws IOException {
        logChanges(path, attributes, true);
        files.setstat(path, attributes);
    }

    @Override
    public void lsetstat(String path, SftpAttributes attributes) throws IOException {
        logChanges(path, attributes, false);
        files.lsetstat(path, attributes);
    }

    /** The {@code set} lines of sftp-server's setstat, fsetstat and lsetstat (which sets no size). */
    private void logChanges(String path, SftpAttributes attributes, boolean size) {
        if (!log.logs(LogLevel.INFO)) {
            return;
        }
        String name = quoted(path);
        if (size && attributes.has(SftpAttributes.FLAG_SIZE)) {
            log.info("set " + name + " size " + attributes.size());
        }
        if (attributes.has(SftpAttributes.FLAG_PERMISSIONS)) {
            log.info("set " + name + " mode " + String.format("%04o", attributes.permissions()));
        }
        if (attributes.has(SftpAttributes.FLAG_ACMODTIME)) {
            log.info("set " + name + " modtime "
                    + MODTIME.format(Instant.ofEpochSecond(attributes.mtime()).atZone(ZoneId.systemDefault())));
        }
        if (attributes.has(SftpAttributes.FLAG_UIDGID)) {
            log.info("set " + name + " owner " + Integer.toUnsignedString(attributes.uid()) + " group "
                    + Integer.toUnsignedString(attributes.gid()));
        }
    }

    @Override
    public void remove(String path) throws IOException {
        log.info("remove name " + quoted(path));
        files.remove(path);
    }

    @Override
    public void rename(String oldPath, String newPath) throws IOException {
        log.info("rename old " + quoted(oldPath) + " new " + quoted(newPath));
        files.rename(oldPath, newPath);
    }

    @Override
    public void posixRename(String oldPath, String newPath) throws IOException {
        log.info("posix-rename old " + quoted(oldPath) + " new " + quoted(newPath));
        files.posixRename(oldPath, newPath);
    }

    @Override
    public void mkdir(String path, SftpAttributes attributes) throws IOException {
        int mode = attributes.has(SftpAttributes.FLAG_PERMISSIONS) ? attributes.permissions() & 07777 : 0777;
        log.info("mkdir name " + quoted(path) + " mode 0" + Integer.toOctalString(mode));
        files.mkdir(path, attributes);
    }

    @Override
    public void rmdir(String path) throws IOException {
        log.info("rmdir name " + quoted(path));
        files.rmdir(path);
    }

    @Override
    public String realpath(String path) throws IOException {
        verbose("realpath ", path);
        return files.realpath(path);
    }

    @Override
    public String readlink(String path) throws IOException {
        verbose("readlink ", path);
        return files.readlink(path);
    }

    @Override
    public void symlink(String targetPath, String linkPath) throws IOException {
        log.info("symlink old " + quoted(targetPath) + " new " + quoted(linkPath));
        files.symlink(targetPath, linkPath);
    }

    @Override
    public void hardlink(String oldPath, String newPath) throws IOException {
        log.info("hardlink old " + quoted(oldPath) + " new " + quoted(newPath));
        files.hardlink(oldPath, newPath);
    }

    @Override
    public SftpStatVfs statvfs(String path) throws IOException {
        log.info("statvfs " + quoted(path));
        return files.statvfs(path);
    }

    @Override
    public String expandPath(String path) throws IOException {
        verbose("expand ", path);
        return files.expandPath(path);
    }

    @Override
    public String homeDirectory(String user) throws IOException {
        String home = files.homeDirectory(user);
        verbose("home-directory ", home);
        return home;
    }

    @Override
    public String userName(int uid) throws IOException {
        return files.userName(uid);
    }

    @Override
    public String groupName(int gid) throws IOException {
        return files.groupName(gid);
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    private String closing() {
        return ending ? "forced " : "";
    }

    private void verbose(String words, String path) {
        if (log.logs(LogLevel.VERBOSE)) {
            log.verbose(words + quoted(path));
        }
    }

    /** An open file that counts what passes, for the {@code close} line. */
    private final class LoggedFile implements SftpFileHandle {
        private final SftpFileHandle file;
        private final String path;
        private long read;
        private long written;

        LoggedFile(SftpFileHandle file, String path) {
            this.file = file;
            this.path = path;
        }

        @Override
        public int read(long offset, ByteBuffer target) throws IOException {
            int count = file.read(offset, target);
            read += Math.max(count, 0);
            return count;
        }

        @Override
        public void write(long offset, ByteBuffer data) throws IOException {
            int count = data.remaining();
            file.write(offset, data);
            written += count;
        }

        @Override
        public SftpAttributes fstat() throws IOException {
            return file.fstat();
        }

        @Override
        public void fsetstat(SftpAttributes attributes) throws IOException {
            logChanges(path, attributes, true);
            file.fsetstat(attributes);
        }

        @Override
        public void fsync() throws IOException {
            verbose("fsync ", path);
            file.fsync();
        }

        @Override
        public SftpStatVfs fstatvfs() throws IOException {
            return file.fstatvfs();
        }

        @Override
        public void close() throws IOException {
            log.info(closing() + "close " + quoted(path) + " bytes read " + read + " written " + written);
            file.close();
        }
    }
}
