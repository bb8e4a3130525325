// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.amiko.AlgorithmFamily;
import org.amiko.keys.PatternLists;

/**
 * An OpenSSH client configuration file ({@code ~/.ssh/config}, ssh_config(5)), as paramiko's
 * {@code SSHConfig} reads one: {@link #lookup} gives what ssh would use for a host name typed on
 * its command line. {@code Host} blocks match that name by their patterns ({@code *}, {@code ?},
 * {@code !} to exclude), lines before the first block apply to every host, and for each keyword
 * the first value found wins, except {@code IdentityFile}, whose values add up, as in ssh.
 *
 * <p>The keywords read are those {@link HostConfig} holds; the others are ignored, as settings for
 * features this client has elsewhere or not at all (the forwardings, say, which
 * {@link org.amiko.Transport} opens when asked). {@code Include} is followed at the top level
 * (globs relative to the including file's directory, as ssh takes them relative to
 * {@code ~/.ssh}). {@code Match} is not: a {@code Match} block other than {@code Match all} never
 * applies, and {@link #problems()} says so, as does an {@code Include} inside a block.
 */
public final class SshConfig {
    /** ssh's limit on nested Includes. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** A block: the patterns of its {@code Host} line (null: every host) and its settings in order. */
    private record Block(List<String> patterns, List<Setting> settings) {}

    private record Setting(String keyword, List<String> arguments) {}

    private final List<Block> blocks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private SshConfig() {
        blocks.add(new Block(null, new ArrayList<>()));
    }

    /** Reads a file and the files it includes; a file that does not exist is an empty configuration. */
    public static SshConfig load(Path file) throws IOException {
        SshConfig config = new SshConfig();
        config.read(file, 0);
        return config;
    }

    /** Parses text; an {@code Include} in it resolves relative to the working directory. */
    public static SshConfig parse(String text) throws IOException {
        SshConfig config = new SshConfig();
        config.parse(text, "config", Path.of(""), 0);
        return config;
    }

    /** One message per line left out or not followed, {@code "FILE line N: reason"}, in reading order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void read(Path file, int depth) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        Path directory = file.toAbsolutePath().getParent();
        parse(text, file.toString(), directory, depth);
    }

    private void parse(String text, String name, Path directory, int depth) throws IOException {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = name + " line " + (i + 1);
            List<String> words;
            try {
                words = words(lines[i]);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> arguments = words.subList(1, words.size());
            switch (keyword) {
                case "host" -> blocks.add(new Block(List.copyOf(arguments), new ArrayList<>()));
                case "match" -> {
                    boolean all = arguments.size() == 1 && arguments.get(0).equalsIgnoreCase("all");
                    if (!all) {
                        problems.add(where + ": Match is not supported; its settings are never applied");
                    }
                    blocks.add(new Block(all ? null : List.of(), new ArrayList<>()));
                }
                case "include" -> include(arguments, where, directory, depth);
                // ssh takes the rest of the line as it stands, quotes and all: it is a shell command
                case "proxycommand" -> blocks.get(blocks.size() - 1).settings()
                        .add(new Setting(keyword, List.of(rest(lines[i]))));
                default -> blocks.get(blocks.size() - 1).settings().add(new Setting(keyword, List.copyOf(arguments)));
            }
        }
    }

    private void include(List<String> patterns, String where, Path directory, int depth) throws IOException {
        if (blocks.size() > 1) {
            problems.add(where + ": Include inside a Host or Match block is not followed");
            return;
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            problems.add(where + ": Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
            return;
        }
        for (String pattern : patterns) {
            Path path = Path.of(expandHome(pattern));
            Path absolute = path.isAbsolute() ? path : directory.resolve(path);
            Path parent = absolute.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                continue;
            }
            // glob(3) order, as ssh includes them
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(parent, absolute.getFileName().toString())) {
                listing.forEach(matches::add);
            }
            matches.sort(null);
            for (Path file : matches) {
                if (Files.isRegularFile(file)) {
                    read(file, depth + 1);
                }
            }
        }
    }

    /** The line after its keyword and the white space or {@code =} that ends it. */
    private static String rest(String line) {
        String text = line.strip();
        int i = 0;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '=') {
            i++;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return text.substring(i).strip();
    }

    /**
     * Splits a line as ssh does: a keyword, then arguments separated by white space, the first
     * optionally by {@code =}; double quotes hold spaces. {@code #} at the start makes a comment.
     */
    static List<String> words(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean keywordDone = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (Character.isWhitespace(c) || c == '=' && !keywordDone)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    keywordDone = true;
                }
                if (c == '=') {
                    keywordDone = true;
                }
            } else {
                word.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unterminated quote");
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * What ssh would use for {@code host}, the name as typed: the first value of each keyword from
     * the blocks that match it, tokens ({@code %h}, {@code %p}, {@code %r}, {@code %u}, {@code %d},
     * {@code %%}) and {@code ~} expanded where ssh expands them.
     */
    public HostConfig lookup(String host) {
        Map<String, List<String>> first = new LinkedHashMap<>();
        List<String> identityFiles = new ArrayList<>();
        for (Block block : blocks) {
            if (!matches(block.patterns(), host)) {
                continue;
            }
            for (Setting setting : block.settings()) {
                if (setting.keyword().equals("identityfile")) {
                    identityFiles.addAll(setting.arguments());
                } else if (!setting.arguments().isEmpty()) {
                    first.putIfAbsent(setting.keyword(), setting.arguments());
                }
            }
        }
        String hostName = expandTokens(single(first, "hostname", "%h"), host, null, null);
        int port = port(single(first, "port", "22"));
        String user = single(first, "user", System.getProperty("user.name"));
        List<Path> identities = new ArrayList<>();
        for (String file : identityFiles) {
            identities.add(Path.of(expandHome(expandTokens(file, hostName, port, user))));
        }
        List<Path> knownHosts = new ArrayList<>();
        for (String file : first.getOrDefault("userknownhostsfile", List.of())) {
            knownHosts.add(Path.of(expandHome(expandTokens(file, hostName, port, user))));
        }
        String jump = String.join(",", first.getOrDefault("proxyjump", List.of()));
        String command = String.join(" ", first.getOrDefault("proxycommand", List.of()));
        Map<AlgorithmFamily, String> algorithms = new EnumMap<>(AlgorithmFamily.class);
        ALGORITHM_KEYWORDS.forEach((keyword, family) -> {
            String spec = single(first, keyword, null);
            if (spec != null) {
                algorithms.put(family, spec);
            }
        });
        String alias = single(first, "hostkeyalias", null); // as written: ssh expands no token in it
        return new HostConfig(host, hostName, port, user, List.copyOf(identities),
                "yes".equalsIgnoreCase(single(first, "identitiesonly", "no")),
                jump.isEmpty() || jump.equalsIgnoreCase("none") ? List.of() : HostConfig.Jump.parseList(jump),
                command.isEmpty() || command.equalsIgnoreCase("none") ? null : command, List.copyOf(knownHosts),
                single(first, "stricthostkeychecking", null),
                alias, Map.copyOf(algorithms),
                "yes".equalsIgnoreCase(single(first, "compression", "no")),
                Duration.ofSeconds(seconds(single(first, "serveraliveinterval", "0"), "ServerAliveInterval")));
    }

    /** The algorithm keywords this client follows, and the family each sets. */
    private static final Map<String, AlgorithmFamily> ALGORITHM_KEYWORDS = Map.of("ciphers", AlgorithmFamily.CIPHER,
            "macs", AlgorithmFamily.MAC, "kexalgorithms", AlgorithmFamily.KEX, "hostkeyalgorithms",
            AlgorithmFamily.HOST_KEY);

    private static long seconds(String text, String keyword) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= Integer.MAX_VALUE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(keyword + " " + text + " is not a number of seconds");
    }

    private static boolean matches(List<String> patterns, String host) {
        if (patterns == null) {
            return true;
        }
        // a Host line's patterns are one pattern list: a match of a negated one excludes the host
        return PatternLists.matches(host.toLowerCase(Locale.ROOT), String.join(",", patterns));
    }

    private static String single(Map<String, List<String>> values, String keyword, String otherwise) {
        List<String> value = values.get(keyword);
        return value == null ? otherwise : value.get(0);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("Port " + text + " is not a TCP port");
    }

    /** The tokens a host's settings may hold ({@code %h %p %r %u %d}); port and user null where not yet known. */
    static String expandTokens(String text, String host, Integer port, String user) {
        Map<Character, String> values = new HashMap<>();
        values.put('h', host);
        values.put('u', System.getProperty("user.name"));
        values.put('d', System.getProperty("user.home"));
        if (port != null) {
            values.put('p', port.toString());
        }
        if (user != null) {
            values.put('r', user);
        }
        return PercentTokens.expand(text, values, false);
    }

    private static String expandHome(String path) {
        if (path.equals("~")) {
            return System.getProperty("user.home");
        }
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
