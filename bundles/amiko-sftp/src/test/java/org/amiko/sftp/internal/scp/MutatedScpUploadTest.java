// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCP sink ({@code scp -t}) given what a hostile or broken {@code scp} sends: an upload of a
 * small tree (times, directories, files and their ends, as OpenSSH's {@code scp -r -p} sends
 * them) with its records changed, their numbers turned into extremes, cut short, or junk put
 * between them. Seeded, so a failure can be replayed. Each run ends with an exit status, or an
 * I/O error where the input stops in the middle of a file, never with an exception the protocol's
 * handling did not expect; and nothing changes outside the root.
 */
class MutatedScpUploadTest {
    private static final int SEEDS = Integer.getInteger("hostile.seeds", 10) * 20;
    private static final String[] NUMBERS = {"0", "-1", "9223372036854775807", "99999999999999999999", "4294967296",
        "0777777", "1e3", "", " ", "07", "18446744073709551616"};

    @TempDir
    Path base;

    @Test
    void everyUploadEndsWithAStatusAndNothingLeavesTheRoot() throws Exception {
        Files.writeString(base.resolve("secret"), "not for the session\n");
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            Path root = Files.createDirectories(base.resolve("root"));
            Files.createDirectories(root.resolve("in"));
            byte[] upload = mutate(random, upload(random));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String what = "seed " + seed + ": " + new String(upload, 0, Math.min(upload.length, 120),
                    StandardCharsets.ISO_8859_1).replace("\n", "\\n").replace("\0", "\\0");
            try {
                int status = ScpSession.run(ScpCommandLine.parse(random.nextBoolean() ? "scp -r -p -t /in" : "scp -r -d -t /in"),
                        new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS), new ByteArrayInputStream(upload), out);
                assertTrue(status == 0 || status == 1, what + ": status " + status);
            } catch (EOFException e) {
                // the input ended where the protocol wanted more: the command's end, as with a dropped client
            } catch (RuntimeException e) {
                throw new AssertionError(what, e);
            }
            try (Stream<Path> left = Files.list(base)) {
                assertEquals(Set.of("root", "secret"), left.map(path -> path.getFileName().toString())
                        .collect(Collectors.toSet()), what);
            }
            assertEquals("not for the session\n", Files.readString(base.resolve("secret")), what);
            delete(root);
        }
    }

    /** What {@code scp -r -p} sends for a small random tree: T, D, C (with the content and its \0), E. */
    private static List<String> upload(Random random) {
        List<String> records = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < 3 + random.nextInt(8); i++) {
            if (random.nextBoolean()) {
                records.add("T" + (1_000_000_000 + random.nextInt(1000)) + " 0 1000000001 0\n");
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    records.add("D0755 0 dir" + i + "\n");
                    depth++;
                }
                case 1 -> {
                    if (depth > 0) {
                        records.add("E\n");
                        depth--;
                    }
                }
                default -> {
                    int size = random.nextInt(40);
                    records.add("C0644 " + size + " file" + i + "\n" + "x".repeat(size) + "\0");
                }
            }
        }
        while (depth-- > 0) {
            records.add("E\n");
        }
        records.add("C0600 5 last\nhello\0");
        return records;
    }

    /** The records with one changed: a byte, a number, a name, cut short, or junk before it. */
    private static byte[] mutate(Random random, List<String> records) {
        int at = random.nextInt(records.size());
        String record = records.get(at);
        String changed = switch (random.nextInt(6)) {
            case 0 -> {
                char[] chars = record.toCharArray();
                chars[random.nextInt(chars.length)] = (char) random.nextInt(256);
                yield new String(chars);
            }
            case 1 -> record.replaceFirst("\\d+", NUMBERS[random.nextInt(NUMBERS.length)]);
            case 2 -> record.replaceFirst("(dir|file)\\d+", new String[] {"..", ".", "", "a/b", "/secret", "../secret",
                "x\0y", "very".repeat(300)}[random.nextInt(8)]);
            case 3 -> record.substring(0, random.nextInt(record.length()));
            case 4 -> new String[] {"\1warning\n", "\2fatal\n", "X\n", "\n", "C", "D0755 0\n", "T1 2\n"}[random.nextInt(7)]
                    + record;
            default -> record;
        };
        records.set(at, changed);
        return String.join("", records).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Removes the tree, whatever modes the upload gave its directories (0 leaves them closed to their owner). */
    private static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    delete(child);
                }
            }
        }
        Files.delete(path);
    }
}
