// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.amiko.Transport;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpDirectoryHandle;
import org.amiko.sftp.server.SftpFileSystem;
import org.amiko.sftp.server.SftpSubsystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server whose directory listing names one entry {@code name}, whatever is on disk: a recursive
 * download must refuse the names that would leave the target directory or that the local file
 * system cannot take, with an SftpException rather than an unchecked InvalidPathException.
 */
class HostileListingTest {
    @TempDir
    Path base;

    // "." and ".." never get here: the client's listing drops them, as OpenSSH lists them
    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "a/b", "nul\0inside"})
    void recursiveDownloadRefusesTheName(String name) throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(root.resolve("tree"));
        Path local = base.resolve("local");
        SftpEntry hostile = new SftpEntry(name, "", SftpAttributes.EMPTY);
        try (LoopbackServer server = new LoopbackServer(SftpSubsystem.of((user, transport) ->
                listing(new RootedFileSystem(root, user, RootedOptions.DEFAULTS), hostile)), null)) {
            Transport transport = server.connect("tester");
            try (SftpClient sftp = SftpClient.open(transport)) {
                SftpException e = assertThrows(SftpException.class,
                        () -> sftp.getRecursive("/tree", local, TransferProgress.NONE));
                assertEquals(SftpStatus.BAD_MESSAGE, e.getStatus());
                assertTrue(e.getMessage().contains("bad entry name"), e.getMessage());
            } finally {
                transport.close();
            }
        }
        try (Stream<Path> written = Files.list(local)) {
            assertEquals(List.of(), written.toList(), "nothing is downloaded");
        }
        try (Stream<Path> beside = Files.list(base)) {
            assertEquals(List.of(local, root), beside.sorted().toList(), "nothing is written beside the target");
        }
    }

    /** {@code real}, except that every directory lists just {@code entry}. */
    private static SftpFileSystem listing(SftpFileSystem real, SftpEntry entry) {
        SftpDirectoryHandle handle = new SftpDirectoryHandle() {
            private boolean listed;

            @Override
            public List<SftpEntry> readdir(int max) {
                if (listed) {
                    return List.of();
                }
                listed = true;
                return List.of(entry);
            }

            @Override
            public void close() {
            }
        };
        return (SftpFileSystem) Proxy.newProxyInstance(SftpFileSystem.class.getClassLoader(),
                new Class<?>[] {SftpFileSystem.class}, (proxy, method, args) -> {
                    if (method.getName().equals("opendir")) {
                        real.opendir((String) args[0]).close(); // the directory must exist
                        return handle;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
