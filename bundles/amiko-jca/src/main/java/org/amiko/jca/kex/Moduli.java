// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.spi.kex.GroupExchangeAlgorithm.Group;

/**
 * The groups of an OpenSSH moduli file (moduli(5), {@code /etc/ssh/moduli}), which sshd offers
 * for group exchange: one per line, {@code time type tests tries size generator modulus}. Only
 * lines that sshd's {@code parse_prime} takes are kept: safe primes (type 2) that passed a test
 * and were not found composite, tried at least once, whose size (given as bits - 1) is the
 * prime's, with a generator in {@code 1 < g < p-1}. The file is read again when it changes.
 */
final class Moduli {
    /** moduli(5): the prime is a safe prime, {@code (p-1)/2} prime too. */
    private static final int TYPE_SAFE = 2;
    /** moduli(5) test bits: found composite; the others name tests passed. */
    private static final int TESTS_COMPOSITE = 0x01;
    /** A moduli file is a few hundred KiB; a larger one (or a device, a FIFO) is not read. */
    private static final long MAX_BYTES = 4L << 20;

    private record Stamp(Object fileKey, long modified, long size) {}

    private record Read(Stamp stamp, List<Group> groups) {}

    private final Path file;
    private volatile Read last = new Read(null, List.of());
    /** Why the file last could not be read, or null: each reason is logged once. */
    private volatile String problem;

    private Moduli(Path file) {
        this.file = file;
    }

    /** One per file, shared by the algorithms that serve it, so a file is read once per change. */
    private static final Map<Path, Moduli> FILES = new ConcurrentHashMap<>();

    /** The moduli of {@code file}, the same instance for every caller. */
    static Moduli of(Path file) {
        return FILES.computeIfAbsent(file.toAbsolutePath().normalize(), Moduli::new);
    }

    /** The groups now in the file; none when there is no file or it cannot be read. */
    List<Group> groups() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return unreadable(String.valueOf(e));
        }
        Stamp now = new Stamp(attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
        Read read = last;
        return Objects.equals(read.stamp(), now) ? read.groups() : reread(now, attributes);
    }

    /** Reads the changed file, once: workers that see the change together wait for one read. */
    private synchronized List<Group> reread(Stamp now, BasicFileAttributes attributes) {
        if (Objects.equals(last.stamp(), now)) {
            return last.groups();
        }
        List<Group> groups;
        if (!attributes.isRegularFile() || attributes.size() > MAX_BYTES) {
            groups = unreadable("not a regular file of at most " + (MAX_BYTES >> 20) + " MiB");
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                // the file may have grown since its size was read: never more than the limit
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                // a byte outside ASCII spoils its line only, as for sshd, not the whole file
                if (bytes.length > MAX_BYTES) {
                    groups = unreadable("larger than " + (MAX_BYTES >> 20) + " MiB");
                } else {
                    groups = parse(new String(bytes, StandardCharsets.ISO_8859_1).lines().toList());
                    problem = null;
                }
            } catch (NoSuchFileException e) {
                groups = List.of();
            } catch (IOException e) {
                groups = unreadable(String.valueOf(e));
            }
        }
        last = new Read(now, groups);
        return groups;
    }

    /**
     * No groups, with a warning the first time for each reason: a file that cannot even be
     * stat'ed is tried again at every key exchange, which any client can start.
     */
    private List<Group> unreadable(String why) {
        if (!why.equals(problem)) {
            problem = why;
            System.getLogger("org.amiko.jca").log(System.Logger.Level.WARNING, "cannot read the moduli file {0}: {1}", file, why);
        }
        return List.of();
    }

    static List<Group> parse(List<String> lines) {
        List<Group> groups = new ArrayList<>();
        for (String line : lines) {
            Group group = parseLine(line.strip());
            if (group != null) {
                groups.add(group);
            }
        }
        return List.copyOf(groups);
    }

    /** One line's group, or null for a comment or a line sshd would not take. */
    private static Group parseLine(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        String[] fields = line.split("\\s+");
        if (fields.length != 7) {
            return null;
        }
        try {
            int type = Integer.parseInt(fields[1]);
            int tests = Integer.parseInt(fields[2]);
            int tries = Integer.parseInt(fields[3]);
            int size = Integer.parseInt(fields[4]) + 1;
            if (type != TYPE_SAFE || (tests & TESTS_COMPOSITE) != 0 || (tests & ~TESTS_COMPOSITE) == 0 || tries <= 0
                    || size < 1024 || size > GroupExchangeDh.MAX_PRIME_BITS || fields[6].length() > size / 4 + 1) {
                return null;
            }
            BigInteger generator = new BigInteger(fields[5], 16);
            BigInteger prime = new BigInteger(fields[6], 16);
            Group group = new Group(prime, generator);
            return prime.bitLength() == size && GroupExchangeDh.usable(group) ? group : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
