// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An OpenSSH known_hosts file (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT): lines of
 * {@code [@cert-authority|@revoked] hostpatterns keytype base64 [comment]}, where the host field is
 * a comma-separated list of patterns ({@code *}, {@code ?}, {@code !negation},
 * {@code [host]:port}) or one hashed name {@code |1|salt|hash}. Blank lines and {@code #} comments
 * are skipped; a line that cannot be used is left out and reported in {@link #problems()}, never
 * fatal. Lookups follow OpenSSH's hostfile.c; see {@link #match}.
 *
 * <p>Entries can be {@linkplain #add added} and {@linkplain #remove removed}; {@link #save()}
 * appends the added ones to the file and drops the removed lines, keeping every other line as it
 * is, through a temporary file moved into place, so the file is never seen truncated. Instances
 * are safe for use by several sessions at once.
 */
public final class KnownHosts {
    /** The mode ssh gives a new known_hosts under the usual umask of 022. */
    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path path;
    private final List<KnownHostEntry> entries = new ArrayList<>();
    private final List<byte[]> blobs = new ArrayList<>();
    private final List<String> problems;
    private final List<String> unsaved = new ArrayList<>();
    /** Host keys {@linkplain #remove removed} since the last save, whose lines the next save drops. */
    private final List<Removal> removals = new ArrayList<>();

    /** A host's key to take out of the file: its plain lines for that host with that key. */
    private record Removal(String host, int port, byte[] blob) {
        boolean covers(KnownHostEntry entry, byte[] entryBlob) {
            return entry.marker() == KnownHostEntry.Marker.NONE && Arrays.equals(blob, entryBlob)
                    && entry.matches(host, port);
        }
    }

    private KnownHosts(Path path, List<String> problems) {
        this.path = path;
        this.problems = problems;
    }

    /** Reads a file and remembers it for {@link #save()}; a file that does not exist is empty. */
    public static KnownHosts load(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        }
        return parse(text, path);
    }

    /** Parses the text of a file; such an instance can only be saved with {@link #save(Path)}. */
    public static KnownHosts parse(String text) {
        return parse(text, null);
    }

    private static KnownHosts parse(String text, Path path) {
        List<String> problems = new ArrayList<>();
        KnownHosts hosts = new KnownHosts(path, problems);
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                hosts.append(parseLine(i + 1, line));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return hosts;
    }

    private static KnownHostEntry parseLine(int number, String line) throws GeneralSecurityException {
        KnownHostEntry.Marker marker = KnownHostEntry.Marker.NONE;
        String rest = line;
        if (rest.startsWith("@")) {
            int end = PublicKeyLine.nextBlank(rest, 0);
            String name = rest.substring(0, end);
            if (name.equals("@cert-authority")) {
                marker = KnownHostEntry.Marker.CERT_AUTHORITY;
            } else if (name.equals("@revoked")) {
                marker = KnownHostEntry.Marker.REVOKED;
            } else {
                throw new IllegalArgumentException("invalid marker " + KeyType.printable(name));
            }
            rest = rest.substring(end).stripLeading();
        }
        int hostEnd = PublicKeyLine.nextBlank(rest, 0);
        String hosts = rest.substring(0, hostEnd);
        String keyPart = rest.substring(hostEnd).strip();
        if (hosts.isEmpty() || keyPart.isEmpty() || keyPart.startsWith("#")) {
            throw new IllegalArgumentException("no key after the host names");
        }
        if (HostPatterns.isHashed(hosts)) {
            try {
                HostPatterns.salt(hosts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad hashed host name: " + e.getMessage());
            }
        }
        PublicKeyLine key = PublicKeyLine.parse(keyPart);
        return new KnownHostEntry(number, marker, hosts, key.publicKey(), key.comment());
    }

    private void append(KnownHostEntry entry) {
        try {
            blobs.add(PublicKeyBlob.encode(entry.key()));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unsupported key: " + e.getMessage());
        }
        entries.add(entry);
    }

    /** The usable lines, in file order, then the entries added since. */
    public synchronized List<KnownHostEntry> entries() {
        return List.copyOf(entries);
    }

    /** One message per line left out, {@code "line N: reason"}, in file order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * What the file says about {@code key} for {@code host} on {@code port}, as OpenSSH's
     * {@code check_key_in_hostkeys} decides it over the lines that match the host: an
     * {@code @revoked} line with this key makes it {@link HostKeyStatus#REVOKED} whatever else
     * matches; otherwise a host-key line with this key makes it {@link HostKeyStatus#TRUSTED};
     * otherwise any host-key line for the host makes it {@link HostKeyStatus#CHANGED}, whatever its
     * key type; otherwise it is {@link HostKeyStatus#UNKNOWN}. {@code @cert-authority} lines never
     * vouch for a plain key; they vouch for host certificates ({@link OpenSshCertificate}) they signed.
     *
     * @param host the name or address the user connected to (compared in lower case)
     * @param port the TCP port; 22 and 0 mean the plain host name
     */
    public synchronized HostKeyStatus match(String host, int port, PublicKey key) {
        if (key instanceof OpenSshCertificate certificate) {
            return matchCertificate(host, port, certificate, Instant.now());
        }
        byte[] wanted;
        try {
            wanted = PublicKeyBlob.encode(key);
        } catch (InvalidKeyException e) {
            return unknownOrChanged(host, port);
        }
        HostKeyStatus status = HostKeyStatus.UNKNOWN;
        for (int i = 0; i < entries.size(); i++) {
            KnownHostEntry entry = entries.get(i);
            if (entry.marker() == KnownHostEntry.Marker.CERT_AUTHORITY || !entry.matches(host, port)) {
                continue;
            }
            boolean same = Arrays.equals(blobs.get(i), wanted);
            if (entry.marker() == KnownHostEntry.Marker.REVOKED) {
                if (same) {
                    return HostKeyStatus.REVOKED;
                }
            } else if (same) {
                status = HostKeyStatus.TRUSTED;
            } else if (status != HostKeyStatus.TRUSTED) {
                status = HostKeyStatus.CHANGED;
            }
        }
        return status;
    }

    /**
     * A host certificate, as ssh's check_host_key decides it: revoked if an {@code @revoked} line
     * holds its authority or its key; if an {@code @cert-authority} line for the host holds its
     * authority, trusted when it is a host certificate valid now and naming {@code host}, else
     * {@link HostKeyStatus#CERTIFICATE_INVALID}; with no such line, the certified key is judged as
     * a plain key would be.
     */
    synchronized HostKeyStatus matchCertificate(String host, int port, OpenSshCertificate certificate, Instant now) {
        HostKeyStatus plainKey = match(host, port, certificate.key());
        if (plainKey == HostKeyStatus.REVOKED || match(host, port, certificate.signatureKey()) == HostKeyStatus.REVOKED) {
            return HostKeyStatus.REVOKED;
        }
        byte[] authority;
        try {
            authority = PublicKeyBlob.encode(certificate.signatureKey());
        } catch (InvalidKeyException e) {
            return HostKeyStatus.CERTIFICATE_INVALID;
        }
        for (int i = 0; i < entries.size(); i++) {
            KnownHostEntry entry = entries.get(i);
            if (entry.marker() == KnownHostEntry.Marker.CERT_AUTHORITY && entry.matches(host, port)
                    && Arrays.equals(blobs.get(i), authority)) {
                if (certificate.checkValid(OpenSshCertificate.Kind.HOST, host.toLowerCase(Locale.ROOT), now) == null) {
                    return HostKeyStatus.TRUSTED;
                }
                // as ssh, which then tries the plain key: trusted if that is on file, never learnt
                return plainKey == HostKeyStatus.TRUSTED ? HostKeyStatus.TRUSTED : HostKeyStatus.CERTIFICATE_INVALID;
            }
        }
        return plainKey;
    }

    private HostKeyStatus unknownOrChanged(String host, int port) {
        return keysFor(host, port).isEmpty() ? HostKeyStatus.UNKNOWN : HostKeyStatus.CHANGED;
    }

    /** Whether an {@code @cert-authority} line names {@code host} on {@code port}. */
    public synchronized boolean hasAuthorityFor(String host, int port) {
        return entries.stream().anyMatch(entry -> entry.marker() == KnownHostEntry.Marker.CERT_AUTHORITY
                && entry.matches(host, port));
    }

    /** The host keys on file for {@code host} on {@code port}, in file order; no CA or revoked keys. */
    public synchronized List<PublicKey> keysFor(String host, int port) {
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry entry : entries) {
            if (entry.marker() == KnownHostEntry.Marker.NONE && entry.matches(host, port)) {
                keys.add(entry.key());
            }
        }
        return keys;
    }

    /**
     * Adds a host key line, {@code host keytype base64} or, when {@code hashed}, with the name
     * hashed under fresh salt, as ssh does with {@code HashKnownHosts yes}. It takes effect for
     * lookups at once and reaches the file with {@link #save()}.
     *
     * @throws InvalidKeyException for keys without an SSH key type
     */
    public synchronized KnownHostEntry add(String host, int port, PublicKey key, boolean hashed)
            throws InvalidKeyException {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '#')) {
            throw new IllegalArgumentException("host name " + KeyType.printable(host) + " cannot be written to known_hosts");
        }
        String name = HostPatterns.hostPort(host, port);
        String field = hashed ? HostPatterns.hash(name) : name;
        PublicKeyLine line = PublicKeyLine.of(key, "");
        KnownHostEntry entry = new KnownHostEntry(0, KnownHostEntry.Marker.NONE, field, key, "");
        append(entry);
        unsaved.add(field + " " + line.format());
        return entry;
    }

    /**
     * Removes {@code key} as a host key of {@code host} on {@code port}: every plain line for that
     * host with that key, whatever other names the line holds (the caller decides whether that is
     * wanted, as ssh's {@code UpdateHostKeys} refuses lines naming other hosts). It takes effect
     * for lookups at once and reaches the file with {@link #save()}; {@code @revoked} and
     * {@code @cert-authority} lines stay.
     *
     * @return whether a line was removed
     */
    public synchronized boolean remove(String host, int port, PublicKey key) {
        Removal removal;
        try {
            removal = new Removal(host, port, PublicKeyBlob.encode(key));
        } catch (InvalidKeyException e) {
            return false; // no SSH key type: no line can hold it
        }
        boolean removed = false;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (removal.covers(entries.get(i), blobs.get(i))) {
                entries.remove(i);
                blobs.remove(i);
                removed = true;
            }
        }
        if (removed) {
            removals.add(removal);
        }
        return removed;
    }

    /**
     * Appends the entries added since the last save to the file this instance was loaded from.
     *
     * @throws IllegalStateException if it was parsed from text; use {@link #save(Path)}
     */
    public synchronized void save() throws IOException {
        if (path == null) {
            throw new IllegalStateException("these known hosts were not loaded from a file");
        }
        save(path);
    }

    /**
     * Appends the entries added since the last save to {@code file}, and drops the lines of the
     * keys removed since. The file is read again and its other lines kept exactly as they are
     * (another program may have added to it since), the new lines are added at the end, and the
     * result replaces the file in one atomic move with the old file's permissions (rw-r--r-- for a
     * new file, as ssh makes it). If anything fails, the file is as it was and the changes stay
     * unsaved.
     */
    public synchronized void save(Path file) throws IOException {
        if (unsaved.isEmpty() && removals.isEmpty()) {
            return;
        }
        byte[] old;
        Set<PosixFilePermission> mode = NEW_FILE_MODE;
        try {
            old = Files.readAllBytes(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                mode = Files.getPosixFilePermissions(file);
            }
        } catch (NoSuchFileException e) {
            old = new byte[0];
        }
        // ISO-8859-1 maps each byte to one char and back, so the lines kept are byte for byte what
        // they were, whatever their encoding; each keeps its own line end
        StringBuilder kept = new StringBuilder(old.length);
        for (String line : new String(old, StandardCharsets.ISO_8859_1).split("(?<=\n)")) {
            if (!removed(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))) {
                kept.append(line);
            }
        }
        StringBuilder added = new StringBuilder();
        if (kept.length() > 0 && kept.charAt(kept.length() - 1) != '\n') {
            added.append('\n');
        }
        for (String line : unsaved) {
            if (!removed(line)) {
                added.append(line).append('\n');
            }
        }
        byte[] head = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = added.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        AtomicFile.write(file, all, mode);
        unsaved.clear();
        removals.clear();
    }

    /** Whether {@code line} is a plain host key line that a pending removal covers. */
    private boolean removed(String line) {
        if (removals.isEmpty()) {
            return false;
        }
        String content = line.strip();
        if (content.isEmpty() || content.startsWith("#")) {
            return false;
        }
        try {
            KnownHostEntry entry = parseLine(0, content);
            byte[] blob = PublicKeyBlob.encode(entry.key());
            return removals.stream().anyMatch(removal -> removal.covers(entry, blob));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a line this class cannot read is kept as it is
        }
    }
}
