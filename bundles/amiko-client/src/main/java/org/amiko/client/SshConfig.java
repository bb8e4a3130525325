// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.amiko.AlgorithmFamily;
import org.amiko.core.ChannelTimeoutSpec;
import org.amiko.core.TimeSpec;
import org.amiko.keys.PatternLists;

/**
 * An OpenSSH client configuration file ({@code ~/.ssh/config}, ssh_config(5)), as paramiko's
 * {@code SSHConfig} reads one: {@link #lookup} gives what ssh would use for a host name typed on
 * its command line. Lines are split as readconf.c splits them (a keyword, white space or one
 * {@code =}, then arguments with quotes, backslash escapes and {@code #} comments). {@code Host}
 * blocks match that name as typed, case kept, one pattern per argument ({@code *}, {@code ?},
 * {@code !} to exclude); lines before the first block apply to every host; for each keyword the
 * first value found wins, except {@code IdentityFile} lines, whose values add up; of
 * {@code ProxyJump} and {@code ProxyCommand}, the first found wins.
 *
 * <p>The keywords read are those {@link HostConfig} holds; the others are ignored, as settings for
 * features this client has elsewhere or not at all (X11 forwarding, say, which
 * {@link org.amiko.Transport} asks for when told). {@code Include} is followed, in a block too, as
 * ssh follows it (the included lines apply where the block does, and the block goes on after),
 * with relative paths taken in the directory of the file {@link #load} was given (ssh's
 * {@code ~/.ssh}) and hidden files left out of globs. {@code Match} is followed as readconf.c
 * follows it, seeing what the blocks before it set: {@code all}, and {@code host} (the host name
 * so far), {@code originalhost}, {@code user} (the user so far), {@code localuser} and
 * {@code tagged} (the {@code Tag} so far) with their patterns, {@code exec} with a command (run
 * by each lookup that gets that far: ssh's tokens expanded, it holds when the command exits with
 * 0) and {@code localnetwork} with addresses and CIDR networks, each perhaps negated with
 * {@code !}; {@code final} (or {@code CanonicalizeHostname
 * yes}) asks for ssh's final pass, which reads the files again with {@code Host} lines matching
 * the host name reached, and where {@code final} and {@code canonical} hold. With
 * {@code CanonicalizeHostname} a lookup resolves names as ssh does ({@link HostCanonicalizer}:
 * {@code CanonicalDomains}, {@code CanonicalizeMaxDots}, {@code CanonicalizeFallbackLocal}; CNAMEs
 * are not followed). A {@code Match}
 * with another criterion ({@code command}, {@code sessiontype}, {@code version}, ...) never applies,
 * and {@link #problems()} says so, as it says which lines were malformed. As ssh, a file others may write is refused.
 */
public final class SshConfig {
    /** ssh's limit on nested Includes. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    /**
     * A block: the {@code Host} or {@code Match} lines it depends on, which must all hold (none:
     * every host), and its settings in order. An {@code Include} inside a block adds the block's
     * condition to those of the included file's own blocks.
     */
    private record Block(List<BlockCondition> conditions, List<Setting> settings) {}

    private record Setting(String keyword, List<String> arguments) {}

    private final List<Block> blocks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /**
     * Whether a {@code Match} line names {@code final}, which asks for ssh's final pass whatever
     * else the line says (OpenSSH 9.x takes {@code !final} too).
     */
    private boolean finalPassAsked;
    /** Resolves names for {@code CanonicalizeHostname}; tests give their own. */
    HostCanonicalizer.Resolver resolver = HostCanonicalizer.SYSTEM;

    private SshConfig() {
        blocks.add(new Block(List.of(), new ArrayList<>()));
    }

    /**
     * Reads a file and the files it includes; a file that does not exist is an empty configuration.
     *
     * @throws IOException if a file cannot be read, or others than its owner may write it (ssh
     *     refuses such a file: anyone who can write it can choose a ProxyCommand)
     */
    public static SshConfig load(Path file) throws IOException {
        return load(List.of(file));
    }

    /**
     * Reads the files in order, as ssh reads the user's {@code ~/.ssh/config} and then the
     * system's {@code /etc/ssh/ssh_config}: one configuration in which the first value of each
     * keyword wins, a relative {@code Include} resolving in its own file's directory. A file that
     * does not exist adds nothing.
     *
     * @throws IOException if a file cannot be read, or others than its owner may write it
     * @since 1.3
     */
    public static SshConfig load(List<Path> files) throws IOException {
        SshConfig config = new SshConfig();
        for (Path file : files) {
            config.read(file, file.toAbsolutePath().getParent(), List.of(), 0);
        }
        return config;
    }

    /**
     * ssh's own configuration: {@code ~/.ssh/config}, then {@code /etc/ssh/ssh_config}, as
     * {@link #load(List)} reads them.
     *
     * @since 1.3
     */
    public static SshConfig loadDefault() throws IOException {
        return load(List.of(Path.of(System.getProperty("user.home"), ".ssh", "config"),
                Path.of("/etc/ssh/ssh_config")));
    }

    /** Parses text; an {@code Include} in it resolves relative to the working directory. */
    public static SshConfig parse(String text) throws IOException {
        SshConfig config = new SshConfig();
        config.parse(text, "config", Path.of("").toAbsolutePath(), List.of(), 0);
        return config;
    }

    /** One message per line left out or not followed, {@code "FILE line N: reason"}, in reading order. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void read(Path file, Path base, List<BlockCondition> conditions, int depth) throws IOException {
        String text;
        try {
            checkPermissions(file);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        parse(text, file.toString(), base, conditions, depth);
    }

    /** ssh's SSHCONF_CHECKPERM: the owner (or root) alone may write a configuration file. */
    private static void checkPermissions(Path file) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions to check on this file system
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        String owner = attributes.owner().getName();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || !owner.equals(System.getProperty("user.name")) && !owner.equals("root")) {
            throw new IOException("Bad owner or permissions on " + file + ": others may write it");
        }
    }

    private void parse(String text, String name, Path base, List<BlockCondition> conditions, int depth)
            throws IOException {
        blocks.add(new Block(conditions, new ArrayList<>()));
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = name + " line " + (i + 1);
            ConfigLine line;
            try {
                line = ConfigLine.split(lines[i]);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            if (line == null) {
                continue;
            }
            List<String> arguments = line.arguments();
            switch (line.keyword()) {
                case "host" -> blocks.add(new Block(with(conditions,
                        new BlockCondition.HostLine(List.copyOf(arguments))), new ArrayList<>()));
                case "match" -> {
                    finalPassAsked |= arguments.stream().anyMatch(word -> word.equalsIgnoreCase("final")
                            || word.equalsIgnoreCase("!final"));
                    blocks.add(new Block(with(conditions, BlockCondition.match(arguments, where, problems)),
                            new ArrayList<>()));
                }
                case "include" -> {
                    Block current = blocks.get(blocks.size() - 1);
                    include(arguments, where, base, current.conditions(), depth);
                    // the including block goes on after the included lines, as readconf.c restores its state
                    blocks.add(new Block(current.conditions(), new ArrayList<>()));
                }
                default -> {
                    String problem = checkArguments(line.keyword(), arguments);
                    if (problem == null) {
                        problem = checkValues(line.keyword(), arguments);
                    }
                    if (problem == null && line.keyword().equals("canonicalizepermittedcnames")) {
                        problems.add(where + ": CanonicalizePermittedCNAMEs not followed: the JDK's resolver does not"
                                + " say which CNAMEs a name has");
                    }
                    if (problem != null) {
                        problems.add(where + ": " + problem);
                    } else {
                        // ProxyCommand is the rest of the line as it stands, quotes and all: a shell command
                        List<String> values = line.keyword().equals("proxycommand")
                                || line.keyword().equals("remotecommand") ? List.of(line.rest()) : arguments;
                        // readconf.c's deprecated alias, one keyword with its successor for "first wins"
                        String keyword = line.keyword().equals("challengeresponseauthentication")
                                ? "kbdinteractiveauthentication"
                                : line.keyword().equals("pubkeyacceptedkeytypes") ? "pubkeyacceptedalgorithms"
                                : line.keyword();
                        blocks.get(blocks.size() - 1).settings().add(new Setting(keyword, values));
                    }
                }
            }
        }
    }

    private static List<BlockCondition> with(List<BlockCondition> conditions, BlockCondition condition) {
        List<BlockCondition> more = new ArrayList<>(conditions);
        more.add(condition);
        return List.copyOf(more);
    }

    /**
     * What the lines that add up gather over a lookup's passes, each value once: IdentityFile and
     * CertificateFile files (as readconf.c's {@code add_identity_file} and
     * {@code add_certificate_file}), forwardings (as {@code add_local_forward} and
     * {@code add_remote_forward}), and SendEnv patterns, which a {@code -pattern} takes out again.
     */
    private record Gathered(List<String> identityFiles, List<String> certificateFiles, List<Forward> forwards,
            List<String> sendEnv) {
        Gathered() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        static <T> void addOnce(List<T> values, T value) {
            if (!values.contains(value)) {
                values.add(value);
            }
        }
    }

    /**
     * One pass over the blocks: the first value of each keyword into {@code first}, the lines
     * that add up into {@code gathered}.
     */
    private void apply(BlockCondition.Lookup sofar, Map<String, List<String>> first, Gathered gathered) {
        for (Block block : blocks) {
            if (!sofar.all(block.conditions())) {
                continue;
            }
            for (Setting setting : block.settings()) {
                String keyword = setting.keyword();
                if (keyword.equals("identityfile") || keyword.equals("certificatefile")) {
                    List<String> files = keyword.equals("identityfile") ? gathered.identityFiles()
                            : gathered.certificateFiles();
                    setting.arguments().forEach(file -> Gathered.addOnce(files, file));
                } else if (FORWARDS.contains(keyword)) {
                    Gathered.addOnce(gathered.forwards(), Forward.parse(keyword, setting.arguments()));
                } else if (keyword.equals("sendenv")) {
                    for (String pattern : setting.arguments()) {
                        if (pattern.startsWith("-")) {
                            // readconf.c's rm_env: the patterns listed so far that this one matches go
                            gathered.sendEnv().removeIf(listed -> PatternLists.matchesPattern(listed, pattern.substring(1)));
                        } else {
                            Gathered.addOnce(gathered.sendEnv(), pattern);
                        }
                    }
                } else if (keyword.equals("proxyjump") || keyword.equals("proxycommand")) {
                    // one of the two, the first found: readconf.c lets ProxyJump set ProxyCommand to none
                    first.putIfAbsent("proxy", List.of(keyword, setting.arguments().get(0)));
                } else if (!TIMES.contains(keyword) || !setting.arguments().get(0).equalsIgnoreCase("none")) {
                    // a time of "none" leaves it unset, so a later line still sets it (readconf.c parse_time)
                    first.putIfAbsent(keyword, setting.arguments());
                }
            }
        }
    }

    /** Keywords whose value is a time, which {@code none} leaves unset. */
    private static final Set<String> TIMES = Set.of("connecttimeout", "serveraliveinterval");

    /** Keywords that take one argument; readconf.c refuses more ("garbage at end of line"). */
    private static final Set<String> ONE_ARGUMENT = Set.of("hostname", "port", "user", "identityfile",
            "certificatefile", "forwardagent", "proxyjump",
            "stricthostkeychecking", "identitiesonly", "hostkeyalias", "ciphers", "macs", "kexalgorithms",
            "hostkeyalgorithms", "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes", "compression",
            "serveraliveinterval", "identityagent", "connecttimeout", "gatewayports", "canonicalizehostname",
            "canonicalizemaxdots", "canonicalizefallbacklocal", "requesttty", "sessiontype", "forwardx11",
            "forwardx11trusted", "exitonforwardfailure", "clearallforwardings", "serveralivecountmax", "tag",
            "preferredauthentications", "pubkeyauthentication", "passwordauthentication",
            "kbdinteractiveauthentication", "challengeresponseauthentication", "gssapiauthentication",
            "updatehostkeys", "hashknownhosts", "addressfamily", "connectionattempts", "bindaddress", "bindinterface");

    /** The forwarding keywords, read by {@link Forward#parse}. */
    private static final Set<String> FORWARDS = Set.of("localforward", "remoteforward", "dynamicforward");

    /**
     * The checks readconf.c makes of a line's values when it reads the line, whether its block
     * applies or not; null when the line is well formed.
     */
    private static String checkValues(String keyword, List<String> arguments) {
        if (FORWARDS.contains(keyword)) {
            try {
                Forward.parse(keyword, arguments);
            } catch (IllegalArgumentException e) {
                return keyword + " " + String.join(" ", arguments) + ": " + e.getMessage();
            }
        } else if (keyword.equals("permitremoteopen") || keyword.equals("addkeystoagent")) {
            try {
                if (keyword.equals("permitremoteopen")) {
                    RemoteOpens.parse(arguments);
                } else {
                    KeysToAgent.parse(arguments);
                }
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        } else if (MULTISTATE_VALUES.containsKey(keyword)
                && !MULTISTATE_VALUES.get(keyword).contains(arguments.get(0).toLowerCase(Locale.ROOT))) {
            return "unsupported option \"" + arguments.get(0) + "\" for " + keyword;
        } else if (keyword.equals("canonicalizemaxdots") && !arguments.get(0).matches("\\d{1,9}")) {
            return "CanonicalizeMaxDots " + arguments.get(0) + " is not a count";
        } else if (keyword.equals("revokedhostkeys") && arguments.size() > 1
                && arguments.stream().anyMatch(file -> file.equalsIgnoreCase("none"))) {
            return "keyword RevokedHostKeys \"none\" argument must appear alone.";
        } else if (keyword.equals("canonicaldomains") || keyword.equals("canonicalizepermittedcnames")) {
            return canonicalListProblem(keyword, arguments);
        } else if (keyword.equals("addressfamily") && !List.of("any", "inet", "inet6")
                .contains(arguments.get(0).toLowerCase(Locale.ROOT))) {
            return "AddressFamily " + arguments.get(0) + " is none of any, inet and inet6";
        } else if (keyword.equals("connectionattempts") && !arguments.get(0).matches("0*[1-9]\\d{0,8}")) {
            return "ConnectionAttempts " + arguments.get(0) + " is not a count of one or more";
        } else if (keyword.equals("serveralivecountmax") && !arguments.get(0).matches("\\d{1,9}")) {
            return "ServerAliveCountMax " + arguments.get(0) + " is not a count";
        } else if (keyword.equals("setenv") && arguments.stream().anyMatch(value -> value.indexOf('=') < 0)) {
            // which argument, not its text: the others on the line may be secrets
            int bad = 1 + arguments.indexOf(arguments.stream().filter(value -> value.indexOf('=') < 0).findFirst()
                    .orElseThrow());
            return "Invalid SetEnv: argument " + bad + " is not NAME=value";
        } else if (keyword.equals("sendenv")
                && arguments.stream().anyMatch(name -> name.isEmpty() || name.indexOf('=') >= 0)) {
            return "Invalid environment name in SendEnv: " + String.join(" ", arguments);
        } else if (keyword.equals("channeltimeout")) {
            try {
                ChannelTimeoutSpec.parse(String.join(" ", arguments));
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** A {@code ChannelTimeout} line's timeouts, in order; none when there is none. */
    private static Map<String, Duration> channelTimeouts(List<String> arguments) {
        return arguments == null ? Map.of() : ChannelTimeoutSpec.parse(String.join(" ", arguments));
    }

    /** A CanonicalDomains entry as readconf.c's {@code valid_domain} leaves it: lowercase, without a final dot. */
    private static String canonicalDomain(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The words these flags take, as readconf.c's multistate tables and parse_flag have them. */
    private static final Map<String, List<String>> MULTISTATE_VALUES = Map.of("canonicalizehostname",
            List.of("yes", "no", "true", "false", "always"), "canonicalizefallbacklocal",
            List.of("yes", "no", "true", "false"), "requesttty", List.of("yes", "no", "true", "false", "force", "auto"),
            "sessiontype", List.of("none", "subsystem", "default"), "forwardx11", List.of("yes", "no", "true", "false"),
            "forwardx11trusted", List.of("yes", "no", "true", "false"));

    /** readconf.c's checks of a CanonicalDomains or CanonicalizePermittedCNAMEs line; null when good. */
    private static String canonicalListProblem(String keyword, List<String> arguments) {
        for (String argument : arguments) {
            if (argument.equalsIgnoreCase("none")) {
                if (arguments.size() > 1) {
                    return keyword + " \"none\" argument must appear alone.";
                }
            } else if (keyword.equals("canonicaldomains")) {
                String problem = HostCanonicalizer.domainProblem(argument);
                if (problem != null) {
                    return problem;
                }
            } else if (!argument.equals("*") && (argument.indexOf(':') < 0
                    || argument.indexOf(':') == argument.length() - 1)) {
                return "Invalid permitted CNAME \"" + argument + "\"";
            }
        }
        return null;
    }

    private static String checkArguments(String keyword, List<String> arguments) {
        if (arguments.isEmpty()) {
            return keyword + " without a value";
        }
        if (ONE_ARGUMENT.contains(keyword) && arguments.size() > 1) {
            return "garbage at end of line after " + keyword + " " + arguments.get(0);
        }
        return null;
    }

    private void include(List<String> patterns, String where, Path base, List<BlockCondition> conditions, int depth)
            throws IOException {
        if (depth >= MAX_INCLUDE_DEPTH) {
            problems.add(where + ": Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
            return;
        }
        for (String pattern : patterns) {
            Path path = Path.of(expandHome(pattern));
            Path absolute = path.isAbsolute() ? path : base.resolve(path);
            Path parent = absolute.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                continue;
            }
            String glob = absolute.getFileName().toString();
            // glob(3) order, and no hidden file unless the pattern names one, as ssh's glob
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(parent, glob)) {
                for (Path file : listing) {
                    if (glob.startsWith(".") || !file.getFileName().toString().startsWith(".")) {
                        matches.add(file);
                    }
                }
            }
            matches.sort(null);
            for (Path file : matches) {
                if (Files.isRegularFile(file)) {
                    read(file, base, conditions, depth + 1);
                }
            }
        }
    }

    /**
     * What ssh would use for {@code host}, the name as typed: the first value of each keyword from
     * the blocks that match it, tokens ({@code %C %d %h %i %j %k %L %l %n %p
     * %r %u %%}) and {@code ~} expanded where ssh expands them. Under {@code CanonicalizeHostname}
     * this looks names up in DNS (blocking, each call again), as ssh does.
     *
     * @throws IllegalArgumentException for a value ssh would refuse as it uses it: a
     *     {@code ${NAME}} without a value, or a name {@code CanonicalizeFallbackLocal no} cannot
     *     leave unresolved
     */
    public HostConfig lookup(String host) {
        return lookup(host, null);
    }

    /**
     * As {@link #lookup(String)} for a user named with the host ({@code ssh -l user} or
     * {@code user@host}, as a {@code ProxyJump} hop names one): that user wins over {@code User}
     * lines, and {@code Match user} sees it.
     *
     * @param namedUser the user, or null for none named
     */
    public HostConfig lookup(String host, String namedUser) {
        Map<String, List<String>> first = new LinkedHashMap<>();
        if (namedUser != null) {
            first.put("user", List.of(namedUser));
        }
        Gathered gathered = new Gathered();
        Function<String, String> expandHostName = name -> expandTokens(name, new ConfigTokens(host, host, null, null, null, null), null);
        // a Match block sees what the blocks before it set, as readconf.c matches while it reads
        apply(new BlockCondition.Lookup(host, host, false, first, expandHostName), first, gathered);
        // ssh.c lowercases the name it connects to once HostName has been expanded
        String hostName = expandHostName.apply(single(first, "hostname", "%h")).toLowerCase(Locale.ROOT);
        String canonicalize = single(first, "canonicalizehostname", "no").toLowerCase(Locale.ROOT);
        boolean canonicalizing = List.of("yes", "true", "always").contains(canonicalize);
        List<String> proxied = first.get("proxy");
        // ssh.c: a name a ProxyCommand or jump host will resolve is left to it, unless "always"
        if (canonicalizing && (proxied == null || proxied.get(1).equalsIgnoreCase("none")
                || canonicalize.equals("always"))) {
            hostName = new HostCanonicalizer(resolver, single(first, "addressfamily", "any").toLowerCase(Locale.ROOT))
                    .canonical(hostName, first.getOrDefault("canonicaldomains", List.of()).stream()
                            .map(SshConfig::canonicalDomain).toList(),
                            Integer.parseInt(single(first, "canonicalizemaxdots", "1")),
                            !List.of("no", "false").contains(single(first, "canonicalizefallbacklocal", "yes")
                                    .toLowerCase(Locale.ROOT)));
        }
        if (finalPassAsked || canonicalizing) {
            // ssh.c reads the files again, Host lines matching the host name it came to, which is
            // now HostName as it stands (a scope's % is no token)
            first.put("hostname", List.of(hostName.replace("%", "%%")));
            apply(new BlockCondition.Lookup(host, hostName, true, first, expandHostName), first, gathered);
        }
        int port = port(single(first, "port", "22"), "Port");
        String user = single(first, "user", System.getProperty("user.name"));
        String alias = single(first, "hostkeyalias", null); // as written: ssh expands no token in it
        List<String> proxy = first.get("proxy");
        String proxyValue = proxy == null || proxy.get(1).equalsIgnoreCase("none") ? null : proxy.get(1);
        boolean jumping = proxyValue != null && proxy.get(0).equals("proxyjump");
        ConfigTokens tokens = new ConfigTokens(host, hostName, port, user, alias, jumping ? proxyValue : "");
        List<Path> identities = new ArrayList<>();
        for (String file : gathered.identityFiles()) {
            if (!file.equalsIgnoreCase("none")) {
                identities.add(Path.of(expandTokens(expandHome(file), tokens, "IdentityFile")));
            }
        }
        List<Path> certificates = new ArrayList<>();
        for (String file : gathered.certificateFiles()) {
            if (!file.equalsIgnoreCase("none")) {
                certificates.add(Path.of(expandTokens(expandHome(file), tokens, "CertificateFile")));
            }
        }
        List<HostConfig.Jump> jumps = jumping ? HostConfig.Jump.parseList(proxyValue) : List.of();
        String command = proxyValue != null && proxy.get(0).equals("proxycommand") ? proxyValue : null;
        Map<AlgorithmFamily, String> algorithms = new EnumMap<>(AlgorithmFamily.class);
        ALGORITHM_KEYWORDS.forEach((keyword, family) -> {
            String spec = single(first, keyword, null);
            if (spec != null) {
                algorithms.put(family, spec);
            }
        });
        String timeout = single(first, "connecttimeout", null);
        Duration connectTimeout = timeout == null ? null : Duration.ofSeconds(TimeSpec.seconds(timeout, "ConnectTimeout"));
        String agent = agentSocket(single(first, "identityagent", null), tokens, "IdentityAgent", "none", "SSH_AUTH_SOCK");
        // readconf.c takes true and false for yes and no, as ssh -G shows them
        String forwardAgent = agentSocket(single(first, "forwardagent", null), tokens, "ForwardAgent", "yes", "no",
                "true", "false");
        forwardAgent = "true".equalsIgnoreCase(forwardAgent) ? "yes" : "false".equalsIgnoreCase(forwardAgent) ? "no"
                : forwardAgent;
        // ssh expands tokens and ${NAME} in a forwarding's socket paths, never ~
        List<Forward> forwards = yes(first, "clearallforwardings") ? List.of()
                : gathered.forwards().stream().map(forward -> forward.withPaths(
                        path -> expandTokens(path, tokens, forward.kind().keyword()))).toList();
        return new HostConfig(host, hostName, port, user, List.copyOf(identities),
                "yes".equalsIgnoreCase(single(first, "identitiesonly", "no")), jumps, command,
                files(first.get("userknownhostsfile"), tokens, "UserKnownHostsFile"),
                single(first, "stricthostkeychecking", null), alias, Map.copyOf(algorithms),
                "yes".equalsIgnoreCase(single(first, "compression", "no")),
                Duration.ofSeconds(TimeSpec.seconds(single(first, "serveraliveinterval", "0"), "ServerAliveInterval")),
                files(first.get("globalknownhostsfile"), tokens, null), agent, connectTimeout,
                List.copyOf(certificates), forwardAgent, forwards, yes(first, "gatewayports"),
                yes(first, "exitonforwardfailure"), environment(first.get("setenv")), List.copyOf(gathered.sendEnv()),
                Integer.parseInt(single(first, "serveralivecountmax", "3")), authentications(first),
                flag(first, "gssapiauthentication"), flag(first, "updatehostkeys"), flag(first, "hashknownhosts"),
                single(first, "addressfamily", "any").toLowerCase(Locale.ROOT),
                Integer.parseInt(single(first, "connectionattempts", "1")), single(first, "bindaddress", null),
                single(first, "bindinterface", null), first.get("addkeystoagent"), first.get("permitremoteopen"),
                single(first, "pubkeyacceptedalgorithms", null), remoteCommand(first, tokens),
                requestTty(single(first, "requesttty", "auto")),
                single(first, "sessiontype", "default").toLowerCase(Locale.ROOT),
                files(first.get("revokedhostkeys"), tokens, "RevokedHostKeys"), flag(first, "forwardx11"),
                flag(first, "forwardx11trusted"), channelTimeouts(first.get("channeltimeout")));
    }

    /**
     * RemoteCommand as written, tokens expanded (ssh's default_client_percent_expand); null when
     * not set or none.
     *
     * @throws IllegalArgumentException for a token ssh does not know, which it refuses too
     */
    private static String remoteCommand(Map<String, List<String>> first, ConfigTokens tokens) {
        String command = single(first, "remotecommand", null);
        if (command == null || command.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return PercentTokens.expand(command, tokens::value, true);
        } catch (IllegalArgumentException e) {
            // the token, not the command: a command line may carry what should not reach a log
            throw new IllegalArgumentException("RemoteCommand: " + e.getMessage(), e);
        }
    }

    /** RequestTTY as {@code yes}, {@code no}, {@code force} or {@code auto} ({@code true} and {@code false} are yes and no). */
    private static String requestTty(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("true") ? "yes" : lower.equals("false") ? "no" : lower;
    }

    /** A flag as set ({@code yes} or {@code true}: on; anything else, {@code ask} too: off), or null when not set. */
    private static Boolean flag(Map<String, List<String>> first, String keyword) {
        return first.containsKey(keyword) ? yes(first, keyword) : null;
    }

    /** The flag that turns each login method this client offers off with {@code no}. */
    private static final Map<String, String> AUTHENTICATION_FLAGS = Map.of("gssapi-with-mic", "gssapiauthentication",
            "publickey", "pubkeyauthentication", "password", "passwordauthentication", "keyboard-interactive",
            "kbdinteractiveauthentication");

    /**
     * The login methods to try, in order, as {@link HostConfig#authentications()} says: each once,
     * the ones this client offers, not turned off. A flag is on unless {@code no} (or
     * {@code false}); {@code PubkeyAuthentication unbound} or {@code host-bound} is on.
     */
    private static List<String> authentications(Map<String, List<String>> first) {
        String preferred = single(first, "preferredauthentications", null);
        List<String> order = preferred == null ? HostConfig.DEFAULT_AUTHENTICATIONS : List.of(preferred.split(","));
        List<String> methods = new ArrayList<>();
        for (String method : order) {
            String flag = AUTHENTICATION_FLAGS.get(method);
            String value = flag == null ? null : single(first, flag, "yes");
            if (flag != null && !methods.contains(method) && !value.equalsIgnoreCase("no")
                    && !value.equalsIgnoreCase("false")) {
                methods.add(method);
            }
        }
        return List.copyOf(methods);
    }

    /** Whether a flag is set: {@code yes} or {@code true}, as readconf.c's flag table takes them. */
    private static boolean yes(Map<String, List<String>> first, String keyword) {
        String value = single(first, keyword, "no");
        return value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true");
    }

    /**
     * The first {@code SetEnv} line's variables, in its order: a name set twice keeps its first
     * value, and later lines change nothing, as readconf.c takes them.
     */
    private static Map<String, String> environment(List<String> assignments) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (assignments != null) {
            for (String assignment : assignments) {
                int equals = assignment.indexOf('=');
                variables.putIfAbsent(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
        }
        return Collections.unmodifiableMap(variables);
    }

    /**
     * An agent keyword's value ({@code IdentityAgent}, {@code ForwardAgent}): its {@code words} as
     * written, {@code $NAME} (the variable that holds the socket) as written, else a socket path
     * with {@code ~}, tokens and {@code ${NAME}} expanded; null when not set.
     */
    private static String agentSocket(String value, ConfigTokens tokens, String keyword, String... words) {
        if (value == null || value.startsWith("$") && !value.startsWith("${")
                || List.of(words).stream().anyMatch(value::equalsIgnoreCase)) {
            return value;
        }
        return expandTokens(expandHome(value), tokens, keyword);
    }

    /**
     * A known-hosts keyword's files, {@code ~} and tokens expanded; null when not set; {@code none}
     * gives none.
     *
     * @param environmentKeyword the keyword, where ssh expands {@code ${NAME}} in it; else null
     */
    private static List<Path> files(List<String> names, ConfigTokens tokens, String environmentKeyword) {
        if (names == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            if (!name.equalsIgnoreCase("none")) {
                files.add(Path.of(expandTokens(expandHome(name), tokens, environmentKeyword)));
            }
        }
        return List.copyOf(files);
    }

    /** The algorithm keywords this client follows, and the family each sets. */
    private static final Map<String, AlgorithmFamily> ALGORITHM_KEYWORDS = Map.of("ciphers", AlgorithmFamily.CIPHER,
            "macs", AlgorithmFamily.MAC, "kexalgorithms", AlgorithmFamily.KEX, "hostkeyalgorithms",
            AlgorithmFamily.HOST_KEY);

    private static String single(Map<String, List<String>> values, String keyword, String otherwise) {
        List<String> value = values.get(keyword);
        return value == null ? otherwise : value.get(0);
    }

    /** A TCP port, 1 to 65535 in decimal digits; {@code what} names the setting in the error. */
    static int port(String text, String what) {
        if (text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        }
        throw new IllegalArgumentException(what + ": " + text + " is not a TCP port");
    }

    /**
     * {@code text} with {@code tokens} expanded, and for a keyword where ssh takes them
     * (ssh_config(5) ENVIRONMENT VARIABLES), {@code ${NAME}} from the environment in the same pass.
     *
     * @param environmentKeyword that keyword, or null for none
     * @throws IllegalArgumentException for a variable that has no value, as ssh refuses it
     */
    private static String expandTokens(String text, ConfigTokens tokens, String environmentKeyword) {
        if (environmentKeyword == null) {
            return PercentTokens.expand(text, tokens::value, false);
        }
        try {
            return PercentTokens.expand(text, tokens::value, false, System::getenv);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(environmentKeyword + ": " + e.getMessage(), e);
        }
    }

    private static String expandHome(String path) {
        if (path.equals("~")) {
            return System.getProperty("user.home");
        }
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
