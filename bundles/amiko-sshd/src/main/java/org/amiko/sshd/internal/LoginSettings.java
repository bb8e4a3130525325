// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.amiko.Transport;
import org.amiko.core.ChannelTimeoutSpec;
import org.amiko.keys.ConfigWords;

/**
 * The settings that may differ from one login to the next, as those sshd_config(5) allows in a
 * {@code Match} block: who may log in and what they are shown first, which methods log them in,
 * what a session may run and set, what it may forward, and its connection's limits and timeouts.
 * The server-wide values come from {@code org.amiko.sshd.cfg}; a {@link MatchBlock} that matches
 * a login replaces some of them.
 *
 * @param raw the settings as written, each of {@link #KEYS} and the server-wide-only ones
 *     ({@code oneTimePasswords}, {@code permitUserEnvironment}): what {@link #with} starts from
 * @param forwarding {@code allowTcpForwarding}, {@code gatewayPorts}, {@code permitOpen},
 *     {@code permitListen} and {@code allowStreamLocalForwarding} together, all off with
 *     {@code disableForwarding}
 * @param x11 {@code x11Forwarding} and {@code x11DisplayOffset}, off with {@code disableForwarding}
 * @param agentForwarding {@code allowAgentForwarding}, false with {@code disableForwarding}
 * @param pty {@code permitTTY}
 * @param authenticationMethods {@code authenticationMethods}; empty lets one method in
 * @param forceCommand {@code forceCommand}, or null for none
 * @param acceptEnv {@code acceptEnv}'s patterns
 * @param setEnv {@code setEnv}'s variables, in the order written
 * @param maxSessions {@code maxSessions}
 * @param channelTimeouts {@code channelTimeout}
 * @param clientAliveInterval {@code clientAliveInterval}; zero never asks
 * @param clientAliveCountMax {@code clientAliveCountMax}, {@link Integer#MAX_VALUE} for its 0 (never give up)
 * @param unusedConnectionTimeout {@code unusedConnectionTimeout}; zero never
 * @param access {@code allowUsers} and {@code denyUsers}
 * @param banner {@code banner}: the file whose text is shown before authentication, or null
 * @param maxAuthTries {@code maxAuthTries}, at least 1
 * @param authorizedKeys {@code authorizedKeys}: the file or files (relative to the home; {@code %u} the user)
 *     whose keys log in, as written, or null for none
 * @param revokedKeys {@code revokedKeys}: the file of keys refused, or null for none
 * @param userEnvironment {@code permitUserEnvironment} (server-wide only, as in sshd): the pattern
 *     list of the names a key's {@code environment=} may set, {@code *} for any, or null for none
 * @param karafRoles {@code karafRoles}: the roles Karaf's console runs a login's commands with
 */
record LoginSettings(Map<String, String> raw, ForwardingSettings forwarding, X11Settings x11,
        boolean agentForwarding, boolean pty, List<List<String>> authenticationMethods, String forceCommand,
        List<String> acceptEnv, Map<String, String> setEnv, int maxSessions, Map<String, Duration> channelTimeouts,
        Duration clientAliveInterval, int clientAliveCountMax, Duration unusedConnectionTimeout, UserAccess access,
        String banner, int maxAuthTries, String authorizedKeys, String revokedKeys, String userEnvironment,
        List<String> karafRoles) {
    /** The settings a match block may set, as sshd allows their namesakes after {@code Match}. */
    static final Set<String> KEYS = Set.of("acceptEnv", "setEnv", "allowTcpForwarding", "gatewayPorts", "permitOpen",
            "permitListen", "allowStreamLocalForwarding", "x11Forwarding", "x11DisplayOffset", "allowAgentForwarding",
            "permitTTY", "disableForwarding", "authenticationMethods", "forceCommand", "maxSessions", "channelTimeout",
            "clientAliveInterval", "clientAliveCountMax", "unusedConnectionTimeout", "allowUsers", "denyUsers", "banner",
            "maxAuthTries", "authorizedKeys", "revokedKeys", "karafRoles");
    /** Read with the others, set server-wide only: whether one-time codes are asked for. */
    private static final String ONE_TIME_PASSWORDS = "oneTimePasswords";
    /** Read with the others, set server-wide only, as sshd allows it: which key variables count. */
    private static final String PERMIT_USER_ENVIRONMENT = "permitUserEnvironment";
    /** The forced command with which sshd allows SFTP and nothing else. */
    static final String INTERNAL_SFTP = "internal-sftp";
    private static final LoginSettings DEFAULTS = defaults();

    LoginSettings {
        raw = Map.copyOf(raw);
    }

    /**
     * The server-wide settings.
     *
     * @throws IllegalArgumentException for a value that cannot be used
     */
    static LoginSettings of(SshdConfig config) {
        Map<String, String> raw = new HashMap<>();
        for (String key : KEYS) {
            raw.put(key, setting(config, key));
        }
        raw.put(ONE_TIME_PASSWORDS, config.oneTimePasswords());
        raw.put(PERMIT_USER_ENVIRONMENT, config.permitUserEnvironment());
        return parse(raw);
    }

    /** The settings when {@code org.amiko.sshd.cfg} says nothing: its Metatype defaults. */
    static LoginSettings defaults() {
        return of((SshdConfig) Proxy.newProxyInstance(SshdConfig.class.getClassLoader(), new Class<?>[] {SshdConfig.class},
                (proxy, method, arguments) -> method.getDefaultValue()));
    }

    private static String setting(SshdConfig config, String key) {
        try {
            return String.valueOf(SshdConfig.class.getMethod(key).invoke(config));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no setting " + key + " in SshdConfig", e);
        }
    }

    /**
     * These settings with {@code overrides} (keys of {@link #KEYS}) in place of theirs.
     *
     * @throws IllegalArgumentException for a value that cannot be used, alone or with the others
     *     (a one-time code as the only factor)
     */
    LoginSettings with(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new HashMap<>(raw);
        merged.putAll(overrides);
        return parse(merged);
    }

    /** Puts the connection's limits and timeouts in force on {@code transport}. */
    void applyTo(Transport transport) {
        transport.setKeepalive(clientAliveInterval, clientAliveCountMax);
        transport.setUnusedConnectionTimeout(unusedConnectionTimeout);
        transport.setMaxSessions(maxSessions);
        transport.setChannelTimeouts(channelTimeouts);
    }

    /**
     * Checks one setting's value on its own, as a match block gives it: with the defaults for the
     * others.
     *
     * @throws IllegalArgumentException for a key not in {@link #KEYS} or a value it cannot take
     */
    static void check(String key, String value) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException("no setting " + key + " can be set per login");
        }
        DEFAULTS.with(Map.of(key, value));
    }

    /**
     * The acceptEnv setting's patterns: names and patterns ({@code *}, {@code ?}) separated by
     * white space; blank for none.
     *
     * @throws IllegalArgumentException for a pattern with {@code =}, as sshd refuses it
     */
    static List<String> acceptEnvPatterns(String setting) {
        List<String> patterns = setting == null || setting.isBlank() ? List.of() : List.of(setting.strip().split("\\s+"));
        for (String pattern : patterns) {
            if (pattern.indexOf('=') >= 0) {
                throw new IllegalArgumentException("acceptEnv: a name cannot hold '=': " + pattern);
            }
        }
        return patterns;
    }

    /**
     * The setEnv setting, as sshd's {@code SetEnv}: {@code NAME=VALUE} words ({@link #words}: a
     * value with spaces in quotes, {@code GREETING="hello world"}), in the order written; the
     * first of a name counts, as sshd ignores the others. Blank or {@code none} (for a match block,
     * whose values cannot be blank) for none.
     *
     * @throws IllegalArgumentException for a word without {@code =} or without a name, as sshd
     *     refuses to start with one, or a quote left open
     */
    static Map<String, String> setEnvVariables(String setting) {
        Map<String, String> variables = new LinkedHashMap<>();
        String value = setting == null ? null : unlessNone(setting);
        List<String> words;
        try {
            words = ConfigWords.split(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            // not the setting itself: its values may be secrets, and errors go to the console
            throw new IllegalArgumentException("setEnv: " + e.getMessage(), e);
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int equals = word.indexOf('=');
            if (equals <= 0 || word.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("setEnv: word " + (i + 1) + " of " + words.size()
                        + " is not NAME=VALUE (a value with spaces goes in quotes)");
            }
            variables.putIfAbsent(word.substring(0, equals), word.substring(equals + 1));
        }
        return Collections.unmodifiableMap(variables);
    }

    /**
     * The words of a setting as sshd reads the words of its lines ({@link ConfigWords}: quotes around
     * spaces, a word starting with {@code #} ends them).
     *
     * @throws IllegalArgumentException naming {@code key}, for a quote left open
     */
    static List<String> words(String key, String setting) {
        try {
            return ConfigWords.split(setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage() + ": " + setting, e);
        }
    }

    /**
     * The permitUserEnvironment setting, as sshd's {@code PermitUserEnvironment}: {@code no} (or
     * blank) for none of a key's {@code environment=} options, {@code yes} for all ({@code *}), or
     * a pattern list of the names allowed ({@code LANG,LC_*}).
     *
     * @throws IllegalArgumentException for a pattern with {@code =}
     */
    static String userEnvironment(String setting) {
        String value = setting == null ? "" : setting.strip();
        if (value.isEmpty() || value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false")) {
            return null;
        }
        if (value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true")) {
            return "*";
        }
        if (value.indexOf('=') >= 0) {
            throw new IllegalArgumentException("permitUserEnvironment: yes, no or names and patterns, not " + value);
        }
        return String.join(",", value.split("[,\\s]+"));
    }

    /** The forceCommand setting: null when blank or {@code none}, as sshd clears ForceCommand. */
    static String forceCommandSetting(String setting) {
        return setting == null ? null : unlessNone(setting);
    }

    /** {@code setting} stripped, or null when blank or {@code none}, as sshd reads {@code none}. */
    static String unlessNone(String setting) {
        String value = setting.strip();
        return value.isEmpty() || value.equalsIgnoreCase("none") ? null : value;
    }

    /**
     * The options of a forced {@code internal-sftp} command line ({@code internal-sftp -R} gives
     * {@code [-R]}), split at spaces as sshd splits it for its SFTP server; empty when there are
     * none, and null when the line runs something else.
     */
    static List<String> internalSftpOptions(String commandLine) {
        if (commandLine == null) {
            return null;
        }
        List<String> words = List.of(commandLine.strip().split("\\s+"));
        return words.get(0).equals(INTERNAL_SFTP) ? words.subList(1, words.size()) : null;
    }

    private static LoginSettings parse(Map<String, String> raw) {
        for (String key : KEYS) {
            if (!raw.containsKey(key)) {
                throw new IllegalArgumentException("no value for " + key);
            }
        }
        ForwardingSettings forwarding = ForwardingSettings.parse(raw.get("allowTcpForwarding"),
                flag("gatewayPorts", raw.get("gatewayPorts")), raw.get("permitOpen"), raw.get("permitListen"))
                .withStreamLocal(raw.get("allowStreamLocalForwarding"));
        // sshd's DisableForwarding: whatever the others say, as its channel and forwarding checks do
        boolean disabled = flag("disableForwarding", raw.get("disableForwarding"));
        if (disabled) {
            forwarding = ForwardingSettings.OFF;
        }
        X11Settings x11 = X11Settings.of(!disabled && flag("x11Forwarding", raw.get("x11Forwarding")),
                number("x11DisplayOffset", raw.get("x11DisplayOffset")));
        boolean agent = !disabled && flag("allowAgentForwarding", raw.get("allowAgentForwarding"));
        List<List<String>> methods = AuthenticationMethods.parse(raw.get("authenticationMethods"));
        String codes = raw.get(ONE_TIME_PASSWORDS);
        if (codes != null && !codes.isBlank()) {
            AuthenticationMethods.requireCodeAsSecondFactor(methods);
        }
        // sshd since 8.2: a count of 0 never gives up, only asks (serverloop.c's client_alive_check)
        int countMax = number("clientAliveCountMax", raw.get("clientAliveCountMax"));
        return new LoginSettings(raw, forwarding, x11, agent, flag("permitTTY", raw.get("permitTTY")), methods,
                forceCommandSetting(raw.get("forceCommand")), acceptEnvPatterns(raw.get("acceptEnv")),
                setEnvVariables(raw.get("setEnv")),
                maxSessions(raw.get("maxSessions")), ChannelTimeoutSpec.parse(raw.get("channelTimeout")),
                Duration.ofSeconds(Math.max(0, number("clientAliveInterval", raw.get("clientAliveInterval")))),
                countMax <= 0 ? Integer.MAX_VALUE : countMax,
                Duration.ofSeconds(Math.max(0, number("unusedConnectionTimeout", raw.get("unusedConnectionTimeout")))),
                UserAccess.parse(raw.get("allowUsers"), raw.get("denyUsers")),
                // banner and revokedKeys: a file, or none as sshd's Banner none and RevokedKeys none
                unlessNone(raw.get("banner")), maxAuthTries(raw.get("maxAuthTries")),
                authorizedKeysFile(raw.get("authorizedKeys")), unlessNone(raw.get("revokedKeys")),
                userEnvironment(raw.get(PERMIT_USER_ENVIRONMENT)), karafRoles(raw.get("karafRoles")));
    }

    /**
     * The karafRoles setting: role names separated by commas or spaces, or {@code none} (for a
     * match block, whose values cannot be blank) or blank for none.
     *
     * @throws IllegalArgumentException for a name Karaf's ACL files could not name: one with
     *     {@code :}, which they read as a principal class before the role, or {@code =}
     */
    static List<String> karafRoles(String setting) {
        String value = setting == null ? null : unlessNone(setting);
        if (value == null) {
            return List.of();
        }
        List<String> roles = List.of(value.split("[,\\s]+"));
        for (String role : roles) {
            if (role.isEmpty() || role.indexOf(':') >= 0 || role.indexOf('=') >= 0) {
                throw new IllegalArgumentException("karafRoles: role names separated by commas, or none, not " + value);
            }
        }
        return roles;
    }

    /**
     * The authorizedKeys setting: a path, or sshd's list of paths ({@link AuthorizedKeysFile#files}),
     * with {@code %u} for the user's name; null when blank or {@code none}, as sshd's
     * {@code AuthorizedKeysFile none}: no key logs in.
     *
     * @throws IllegalArgumentException for a list that cannot be read or a token other than
     *     {@code %u} and {@code %%}
     */
    private static String authorizedKeysFile(String setting) {
        String file = unlessNone(setting);
        if (file != null) {
            AuthorizedKeysFile.files(file);
        }
        return file;
    }

    private static int maxAuthTries(String value) {
        int max = number("maxAuthTries", value);
        if (max < 1) {
            // sshd will not start with a negative MaxAuthTries, and 0 would let no attempt fail
            throw new IllegalArgumentException("maxAuthTries " + max + " is less than 1");
        }
        return max;
    }

    private static int maxSessions(String value) {
        int max = number("maxSessions", value);
        if (max < 0) {
            // as sshd, which will not start with a negative MaxSessions
            throw new IllegalArgumentException("maxSessions " + max + " is negative");
        }
        return max;
    }

    private static int number(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + value, e);
        }
    }

    /** true or yes, false or no, as the cfg's typed settings and sshd's words. */
    private static boolean flag(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not " + value);
        };
    }
}
