// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An OpenSSH authorized_keys file (sshd(8) AUTHORIZED_KEYS FILE FORMAT): one key per line,
 * {@code [options] keytype base64 [comment]}; blank lines and lines starting with {@code #} are
 * ignored. A line that cannot be used (unknown or unsupported key type, bad base64, bad options)
 * is left out and reported in {@link #problems()} with its line number; it never stops the others
 * from loading. Options are parsed as sshd parses them but not enforced here.
 */
public final class AuthorizedKeys {
    /** Key types OpenSSH knows but this bundle does not take, to report them by name. */
    private static final List<String> OTHER_OPENSSH_TYPES = List.of("ssh-dss", "ssh-xmss@openssh.com");

    private static final AuthorizedKeys NONE = new AuthorizedKeys(List.of(), List.of(), List.of());
    private final List<AuthorizedKey> entries;
    private final List<byte[]> blobs;
    private final List<String> problems;

    private AuthorizedKeys(List<AuthorizedKey> entries, List<byte[]> blobs, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.blobs = List.copyOf(blobs);
        this.problems = List.copyOf(problems);
    }

    /** Reads a file; a file that does not exist holds no keys. */
    public static AuthorizedKeys load(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (NoSuchFileException e) {
            return NONE;
        }
    }

    /**
     * A file that holds no keys: sshd's {@code AuthorizedKeysFile none}, or one that does not exist.
     *
     * @since 1.11
     */
    public static AuthorizedKeys none() {
        return NONE;
    }

    /**
     * The keys of several files, each file's lines in order after the previous file's, as sshd
     * reads the files of an {@code AuthorizedKeysFile} list in turn; {@link #problems()} keeps each
     * file's own line numbers.
     *
     * @since 1.11
     */
    public static AuthorizedKeys concat(List<AuthorizedKeys> files) {
        // at each login a list is mostly a shared file and a user's file that does not exist: no copies then
        List<AuthorizedKeys> holding = files.stream()
                .filter(file -> !file.entries.isEmpty() || !file.problems.isEmpty()).toList();
        if (holding.size() <= 1) {
            return holding.isEmpty() ? NONE : holding.get(0);
        }
        List<AuthorizedKey> entries = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (AuthorizedKeys file : holding) {
            entries.addAll(file.entries);
            blobs.addAll(file.blobs);
            problems.addAll(file.problems);
        }
        return new AuthorizedKeys(entries, blobs, problems);
    }

    /** Parses the text of a file. */
    public static AuthorizedKeys parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException("a StringReader does not fail", e);
        }
    }

    /** Parses lines from a reader (which is not closed). */
    public static AuthorizedKeys parse(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        List<AuthorizedKey> entries = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            try {
                AuthorizedKey entry = parseLine(text);
                entries.add(entry);
                blobs.add(PublicKeyBlob.encode(entry.key()));
            } catch (ParseException | GeneralSecurityException e) {
                problems.add("line " + number + ": " + e.getMessage());
            }
        }
        return new AuthorizedKeys(entries, blobs, problems);
    }

    /**
     * One non-blank, non-comment line. As sshd does, the line is first read as a key; when it does
     * not start with a key type, its first field is options and the key follows.
     */
    private static AuthorizedKey parseLine(String text) throws ParseException, GeneralSecurityException {
        List<KeyOption> options = List.of();
        String rest = text;
        if (!startsWithKeyType(text)) {
            int end = AuthorizedKeyOptions.end(text, 0);
            options = AuthorizedKeyOptions.parse(text.substring(0, end));
            rest = text.substring(end).strip();
        }
        int typeEnd = PublicKeyLine.nextBlank(rest, 0);
        String type = rest.substring(0, typeEnd);
        String afterType = rest.substring(typeEnd).stripLeading();
        int base64End = PublicKeyLine.nextBlank(afterType, 0);
        String base64 = afterType.substring(0, base64End);
        if (type.isEmpty() || base64.isEmpty()) {
            throw new ParseException("no key after the options", 0);
        }
        if (KeyType.find(type) == null && !SecurityKeyPublicKey.isSecurityKeyType(type)) {
            throw new ParseException(knownElsewhere(type) ? "unsupported key type " + KeyType.printable(type)
                    : "unknown key type " + KeyType.printable(type), 0);
        }
        PublicKeyLine key = PublicKeyLine.fromFields(type, base64, afterType.substring(base64End).strip());
        return new AuthorizedKey(options, key.publicKey(), key.comment());
    }

    /**
     * Whether the first field is a key type rather than options: a name we or OpenSSH know, or a
     * plain word followed by base64 that starts like a blob ("AAAA", the high bytes of its length).
     */
    private static boolean startsWithKeyType(String text) {
        int end = PublicKeyLine.nextBlank(text, 0);
        String first = text.substring(0, end);
        if (KeyType.find(first) != null || SecurityKeyPublicKey.isSecurityKeyType(first) || knownElsewhere(first)) {
            return true;
        }
        String second = text.substring(end).stripLeading();
        return first.chars().noneMatch(c -> c == '=' || c == '"' || c == ',') && second.startsWith("AAAA");
    }

    private static boolean knownElsewhere(String type) {
        return OTHER_OPENSSH_TYPES.contains(type) || OpenSshCertificate.isCertificateType(type);
    }

    /**
     * The {@code cert-authority} lines whose key signed {@code certificate}, in file order; decide
     * each with {@link CertificateAuthorization#check} until one allows the login.
     */
    public List<AuthorizedKey> findAuthorities(OpenSshCertificate certificate) {
        return lines(certificate.signatureKey(), true);
    }

    /** The usable key lines, in file order. */
    public List<AuthorizedKey> entries() {
        return entries;
    }

    /** One message per line left out, {@code "line N: reason"}, in file order. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The first entry whose key is {@code key}. Entries marked {@code cert-authority} are skipped, as
     * sshd skips them for plain keys: such a key vouches for certificates, not for itself.
     */
    public Optional<AuthorizedKey> find(PublicKey key) {
        return findAll(key).stream().findFirst();
    }

    /**
     * Every entry whose key is {@code key}, in file order, {@code cert-authority} ones left out. sshd
     * tries them in turn: when one's {@code from=} or {@code expiry-time=} refuses the login, the
     * next line for the same key may still allow it.
     */
    public List<AuthorizedKey> findAll(PublicKey key) {
        if (key instanceof OpenSshCertificate) {
            return List.of(); // a certificate logs in by its authority's line: findAuthorities
        }
        return lines(key, false);
    }

    /** The lines holding {@code key}, in file order: the {@code cert-authority} ones or the others. */
    private List<AuthorizedKey> lines(PublicKey key, boolean authorities) {
        byte[] wanted;
        try {
            wanted = PublicKeyBlob.encode(key);
        } catch (InvalidKeyException e) {
            return List.of();
        }
        List<AuthorizedKey> found = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (Arrays.equals(blobs.get(i), wanted) && entries.get(i).isCertAuthority() == authorities) {
                found.add(entries.get(i));
            }
        }
        return found;
    }
}
