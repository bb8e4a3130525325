// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.core.RemovalPolicy;
import org.amiko.core.SourcePenalties;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.RevokedKeys;
import org.amiko.keys.Fingerprint;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.PatternLists;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.server.CommandHandler;
import org.amiko.server.SubsystemHandler;
import org.amiko.sshd.OsCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The SSH server of the Amiko runtime: listens where {@code etc/org.amiko.sshd.cfg} says, with
 * host keys from (or created in) {@code etc/}, users from {@code authorized_keys} and
 * {@code users.properties}, the algorithms of the live catalog filtered by the configured lists, and
 * the subsystems registered as whiteboard services. When a plug-in leaves or a list changes, live
 * sessions follow {@code onAlgorithmRemoved}; changing anything else restarts the listener.
 */
@Component(service = SshdComponent.class, configurationPid = "org.amiko.sshd",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SshdConfig.class)
public final class SshdComponent {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private final LiveCatalog catalog;
    private final AlgorithmPolicy policy = new AlgorithmPolicy();
    private final Map<String, SubsystemHandler> subsystems = new ConcurrentHashMap<>();
    private final Map<String, CommandHandler> commands = new ConcurrentHashMap<>();
    /** Settings a running listener takes without a restart (see {@link #applyAlgorithms}). */
    private static final Set<String> LIVE_SETTINGS = Set.of("ciphers", "macs", "kex", "hostKeyAlgorithms",
            "pubkeyAcceptedAlgorithms", "compression", "onAlgorithmRemoved");
    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
    private final Runnable onCatalogChange = this::reconcile;
    private volatile RemovalPolicy removal = RemovalPolicy.REKEY;
    private volatile SshdConfig config;
    private volatile SshServer server;
    /** The listener's Kerberos key, or null; let go of when the listener closes. */
    private volatile KerberosLogin kerberos;
    /** The server-wide settings of a login, against which a match block is checked when it changes. */
    private volatile LoginSettings serverWide;

    /** The match blocks, read at each login. */
    private final MatchBlocks matchBlocks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile GogoCommandRunner gogo;

    /** Karaf's console sessions, which Karaf's commands need; preferred over plain Gogo. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile KarafCommandRunner karaf;

    /**
     * @param configurationAdmin where the match blocks are. Required, and given to the
     *     constructor, not set after it: the listener starts here, and no login may come before the
     *     blocks can be read.
     */
    @Activate
    public SshdComponent(@Reference LiveCatalog catalog, @Reference ConfigurationAdmin configurationAdmin,
            SshdConfig config) throws IOException {
        this.catalog = catalog;
        this.matchBlocks = new MatchBlocks(() -> configurationAdmin);
        checkShell(config);
        applyAlgorithms(config);
        this.config = config;
        this.server = startServer(config);
        catalog.addListener(onCatalogChange);
    }

    @Modified
    void modified(SshdConfig changed) throws IOException {
        SshdConfig previous = config;
        // before anything changes: a change that cannot be used keeps the listener serving as it was
        checkShell(changed);
        applyAlgorithms(changed);
        config = changed;
        if (!sameListener(previous, changed)) {
            LOG.log(Level.INFO, "configuration changed: restarting the listener");
            closeServer();
            server = startServer(changed);
        }
        reconcile();
    }

    @Deactivate
    void deactivate() {
        catalog.removeListener(onCatalogChange);
        if (server != null) {
            closeServer();
        }
        workers.shutdownNow();
    }

    private void closeServer() {
        server.closeAll();
        KerberosLogin login = kerberos;
        if (login != null) {
            login.dispose();
        }
    }

    /** Subsystem handlers, as a whiteboard: served while registered ({@code amiko.subsystem=NAME}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSubsystem(SubsystemHandler handler, Map<String, Object> properties) {
        Object name = properties.get(SubsystemHandler.SUBSYSTEM);
        if (name instanceof String subsystem && !subsystem.isBlank()) {
            subsystems.put(subsystem, handler);
            LOG.log(Level.INFO, "subsystem {0} available", subsystem);
        } else {
            LOG.log(Level.WARNING, "a SubsystemHandler without a valid {0} property is ignored: {1}",
                    SubsystemHandler.SUBSYSTEM, handler.getClass().getName());
        }
    }

    void removeSubsystem(SubsystemHandler handler, Map<String, Object> properties) {
        Object name = properties.get(SubsystemHandler.SUBSYSTEM);
        if (name instanceof String subsystem && subsystems.remove(subsystem, handler)) {
            LOG.log(Level.INFO, "subsystem {0} withdrawn", subsystem);
        }
    }

    /** Exec command handlers, as a whiteboard: served while registered ({@code amiko.command=NAME}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCommand(CommandHandler handler, Map<String, Object> properties) {
        Object name = properties.get(CommandHandler.COMMAND);
        if (name instanceof String command && !command.isBlank()) {
            commands.put(command, handler);
            LOG.log(Level.INFO, "command {0} available", command);
        } else {
            LOG.log(Level.WARNING, "a CommandHandler without a valid {0} property is ignored: {1}",
                    CommandHandler.COMMAND, handler.getClass().getName());
        }
    }

    void removeCommand(CommandHandler handler, Map<String, Object> properties) {
        Object name = properties.get(CommandHandler.COMMAND);
        if (name instanceof String command && commands.remove(command, handler)) {
            LOG.log(Level.INFO, "command {0} withdrawn", command);
        }
    }

    /** The listener, for the runtime's commands. */
    SshServer server() {
        return server;
    }

    LiveCatalog catalog() {
        return catalog;
    }

    /** The settings of a login that no match block matches, as the listener started with them; null before. */
    LoginSettings serverWide() {
        return serverWide;
    }

    MatchBlocks matchBlocks() {
        return matchBlocks;
    }

    AlgorithmPolicy policy() {
        return policy;
    }

    private void reconcile() {
        SshServer current = server;
        if (current != null) {
            int affected = current.reconcile(removal);
            if (affected > 0) {
                LOG.log(Level.INFO, "{0} session(s) used a withdrawn algorithm: {1}", affected,
                        removal.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    private void applyAlgorithms(SshdConfig settings) {
        removal = RemovalPolicy.parse(settings.onAlgorithmRemoved());
        Map<AlgorithmFamily, String> lists = Map.of(AlgorithmFamily.CIPHER, settings.ciphers(), AlgorithmFamily.MAC,
                settings.macs(), AlgorithmFamily.KEX, settings.kex(), AlgorithmFamily.HOST_KEY,
                settings.hostKeyAlgorithms(), AlgorithmFamily.COMPRESSION, settings.compression());
        for (Map.Entry<AlgorithmFamily, String> list : lists.entrySet()) {
            policy.set(list.getKey(), list.getValue());
            List<String> unknown = policy.unknownNames(list.getKey(), catalog.get());
            if (!unknown.isEmpty()) {
                LOG.log(Level.WARNING, "{0} list names algorithms not installed (offered once they are): {1}",
                        list.getKey().label(), String.join(",", unknown));
            }
        }
        policy.setPublicKey(settings.pubkeyAcceptedAlgorithms());
        List<String> unknown = policy.unknownPublicKeyNames(catalog.get());
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, "pubkeyAcceptedAlgorithms names algorithms not installed (accepted once they are): "
                    + "{0}", String.join(",", unknown));
        }
    }

    /**
     * Whether a change leaves the listener as it is: only the algorithm lists and the removal
     * policy apply to a running listener ({@link #applyAlgorithms}); any other setting, a new one
     * included, restarts it, so none is ignored until the next restart.
     */
    static boolean sameListener(SshdConfig a, SshdConfig b) {
        for (Method setting : SshdConfig.class.getDeclaredMethods()) {
            if (setting.getParameterCount() == 0 && !LIVE_SETTINGS.contains(setting.getName())
                    && !Objects.equals(value(setting, a), value(setting, b))) {
                return false;
            }
        }
        return true;
    }

    private static Object value(Method setting, SshdConfig config) {
        try {
            return setting.invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the setting " + setting.getName(), e);
        }
    }


    /**
     * The penalties perSourcePenalties, perSourceNetBlockSize and perSourcePenaltyExemptList set,
     * or null for none; the exempt list's addresses, networks and patterns are matched against the
     * client's address, as sshd's addr_match_list matches them.
     *
     * @throws IllegalArgumentException for a malformed setting, a bad exempt entry among them,
     *     which sshd refuses to start with too
     */
    static SourcePenalties penalties(SshdConfig settings) {
        SourcePenalties penalties = SourcePenalties.parse(settings.perSourcePenalties(), settings.perSourceNetBlockSize());
        String exempt = settings.perSourcePenaltyExemptList().strip();
        if (penalties == null || exempt.isEmpty()) {
            return penalties;
        }
        UserAccess.checkHostList(exempt, "perSourcePenaltyExemptList " + exempt);
        return penalties.exempting(address -> PatternLists.allowsHost(address.getHostAddress(), address, exempt));
    }

    /**
     * Sets maxStartups as sshd reads MaxStartups (servconf.c): {@code N} (0: no limit here) or
     * {@code begin:rate:full}.
     *
     * @throws IllegalArgumentException for anything else, or a spec sshd refuses
     */
    static void maxStartups(SshServer.Builder server, String setting) {
        String[] parts = setting.strip().split(":", -1);
        try {
            if (parts.length == 1) {
                server.maxStartups(Integer.parseInt(parts[0]));
            } else if (parts.length == 3) {
                server.maxStartups(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            } else {
                throw new IllegalArgumentException("maxStartups: a number or begin:rate:full, not " + setting);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxStartups: a number or begin:rate:full, not " + setting, e);
        }
    }

    /** The hostbased files, each read again when it changes; what each cannot use is said once, now. */
    private static HostbasedLogin hostbasedLogin(SshdConfig settings, Path home) throws IOException {
        Path knownHosts = home.resolve(settings.hostbasedKnownHosts());
        Path users = home.resolve(settings.hostbasedUsers());
        for (Path file : List.of(knownHosts, users)) {
            if (!Files.isReadable(file)) {
                LOG.log(Level.WARNING, "hostbasedAuthentication is on, but {0} cannot be read: no host gets in", file);
            }
        }
        ReloadingFile<KnownHosts> hostKeys = new ReloadingFile<>(knownHosts, KnownHosts::load);
        ReloadingFile<ShostsEquiv> trusted = new ReloadingFile<>(users, ShostsEquiv::load);
        // read once now, to say what they cannot use; the first login finds them read
        reportProblems(users, trusted, ShostsEquiv::problems);
        reportProblems(knownHosts, hostKeys, KnownHosts::problems);
        return new HostbasedLogin(hostKeys::current, trusted::current, settings.hostbasedUsesNameFromPacketOnly(),
                HostbasedLogin::canonicalName);
    }

    /** Logs what {@code file} holds that cannot be used; one that cannot be read was reported already. */
    private static <T> void reportProblems(Path file, ReloadingFile<T> reloading, Function<T, List<String>> problems) {
        try {
            problems.apply(reloading.get()).forEach(problem -> LOG.log(Level.WARNING, "{0}, {1}", file, problem));
        } catch (IOException e) {
            // each login tries again, and nobody gets in while it cannot be read
            LOG.log(Level.DEBUG, "reading {0}: {1}", file, e.getMessage());
        }
    }

    /**
     * Where relative paths resolve: {@code amiko.home}; in Karaf without it, {@code karaf.base/amiko},
     * so that nothing lands among Karaf's own {@code etc/} files (its users.properties above all).
     */
    static Path home() {
        String home = System.getProperty("amiko.home");
        if (home == null && System.getProperty("karaf.base") != null) {
            home = Path.of(System.getProperty("karaf.base"), "amiko").toString();
        }
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    private SshServer startServer(SshdConfig settings) throws IOException {
        Path home = home();
        Path users = home.resolve(settings.users());
        List<KeyPair> hostKeys = HostKeyStore.loadOrCreate(home.resolve(settings.hostKeyDirectory()));
        JaasLogin jaas = settings.jaasRealm().isBlank() ? null
                : new JaasLogin(settings.jaasRealm().strip(), settings.jaasRole(), null);
        if (jaas == null) {
            FirstUser.createIfNone(users);
        } else {
            LOG.log(Level.INFO, "passwords are checked by the JAAS realm {0}{1}, not {2}", jaas.realm(),
                    settings.jaasRole().isBlank() ? "" : " (role " + settings.jaasRole().strip() + " required)", users);
        }
        CommandRunner runner = runner(settings.shell(), settings.osShell(), history(home, settings.shellHistory()));
        if (runner.runsProcesses()) {
            // asks for script(1) now, off the start's thread: not at the first ssh -t, and any warning at start
            workers.execute(runner::terminals);
        }
        // what a match block may change for a login; the server-wide values, checked now
        LoginSettings login = LoginSettings.of(settings);
        // one reader per banner file the settings name, each read again when it changes
        Map<String, ReloadingFile<String>> bannerFiles = new ConcurrentHashMap<>();
        Function<String, Supplier<String>> banners = file -> bannerFiles.computeIfAbsent(file,
                name -> new ReloadingFile<>(home.resolve(name), Banner::read))::current;
        if (login.forceCommand() != null) {
            // as the server runs it: FileInstall has already replaced any ${...} in the file's line
            LOG.log(Level.INFO, "every login runs: {0} (forceCommand)", login.forceCommand());
        }
        serverWide = login;
        MatchBlockLog.reportAll(matchBlocks, login);
        SourcePenalties penalties = penalties(settings);
        // one for the listener's life: a code used on one connection is spent for all of them
        OneTimeCodes codes = settings.oneTimePasswords().isBlank() ? null
                : new OneTimeCodes(home.resolve(settings.oneTimePasswords()));
        OneTimeCodes oneTimeCodes = codes;
        KeyFiles keyFiles = new KeyFiles(home);
        Function<String, AuthorizedKeys> keys = keyFiles.authorizedKeys(login.authorizedKeys());
        if (login.authorizedKeys() == null) {
            LOG.log(Level.INFO, "no key logs in: authorizedKeys is none");
        } else {
            for (Path missing : AuthorizedKeysFile.missingSharedFiles(home, login.authorizedKeys())) {
                LOG.log(Level.WARNING, "authorizedKeys: there is no file {0}; no key logs in by it until there is",
                        missing);
            }
        }
        Supplier<RevokedKeys> revoked = keyFiles.revokedKeys(login.revokedKeys());
        ReloadingFile<PasswordFile> passwords = new ReloadingFile<>(users, PasswordFile::load);
        KerberosLogin kerberosLogin = settings.gssapiKeytab().isBlank() ? null
                : KerberosLogin.create(home.resolve(settings.gssapiKeytab()), settings.gssapiPrincipal(),
                        settings.gssapiUsers());
        kerberos = kerberosLogin;
        HostbasedLogin hostbased = settings.hostbasedAuthentication() ? hostbasedLogin(settings, home) : null;
        TransportSettings transportSettings = RekeyLimitSetting.parse(settings.rekeyLimit()).applyTo(
                TransportSettings.builder()).loginGraceTime(Duration.ofSeconds(Math.max(1, settings.loginGraceTime())))
                .maxAuthTries(login.maxAuthTries()).build();
        SshServer.Builder builder = SshServer.builder();
        maxStartups(builder, settings.maxStartups());
        SshServer started = builder.address(new InetSocketAddress(settings.address(), settings.port()))
                .settings(transportSettings)
                .maxStartupsPerSource(Math.max(0, settings.perSourceMaxStartups()), settings.perSourceNetBlockSize())
                .penalties(penalties)
                .catalog(catalog)
                .algorithms(policy).hostKeys(hostKeys)
                .subsystems(subsystems::get)
                .server(transport -> {
                    login.applyTo(transport);
                    return new ApplianceServer(keys, revoked, passwords::current, runner, commands::get,
                            transport, workers, login, matchBlocks).withKerberos(kerberosLogin).withHostbased(hostbased)
                            .withJaas(jaas).withBanners(banners).withOneTimeCodes(oneTimeCodes).withKeyFiles(keyFiles);
                }).start();
        LOG.log(Level.INFO, "Amiko SSH server listening on {0} (shell={1})", started.address(),
                "os".equals(settings.shell()) ? "os, osShell=" + settings.osShell() : settings.shell());
        for (KeyPair key : hostKeys) {
            try {
                LOG.log(Level.INFO, "host key {0} {1}", PublicKeyBlob.keyType(key.getPublic()),
                        Fingerprint.sha256(key.getPublic()));
            } catch (GeneralSecurityException e) {
                LOG.log(Level.WARNING, "host key of unknown type: {0}", key.getPublic().getAlgorithm());
            }
        }
        return started;
    }

    /** The {@code shellHistory} directory, or null for none. */
    static Path history(Path home, String setting) {
        String directory = LoginSettings.unlessNone(setting);
        return directory == null ? null : home.resolve(directory);
    }

    /** @param history where in-process shells keep each user's lines, or null for memory only */
    private CommandRunner runner(String shell, String osShell, Path history) {
        if ("os".equals(shell)) {
            if (!isExecutableFile(osShell)) {
                // as sshd, which starts when a user's shell is missing and refuses that user's sessions
                LOG.log(Level.WARNING, "osShell \"{0}\" is not an executable file: commands and shells will fail "
                        + "until it is", osShell);
            }
            return CommandRunner.os(() -> osShell, workers);
        }
        return (channel, command, pty, control, environment, login) -> {
            CommandRunner current = karaf != null ? karaf : gogo;
            if (current == null) {
                OsCommand.finish(channel, 127, null, "Gogo is not installed; set shell=os or install Gogo");
            } else {
                current.run(channel, command, pty, control, environment,
                        history == null || login == null ? login : login.withHistoryIn(history));
            }
        };
    }

    /**
     * {@code shell} is gogo or os, and {@code osShell} an absolute path whatever {@code shell} says,
     * so that switching to os later does not find a mistake.
     */
    static void checkShell(SshdConfig settings) {
        if (!"gogo".equals(settings.shell()) && !"os".equals(settings.shell())) {
            throw new IllegalArgumentException("shell must be gogo or os, not \"" + settings.shell() + "\"");
        }
        checkOsShell(settings.osShell());
    }

    /** osShell is an absolute path, as sshd's login shells are; whether it can run is asked at start. */
    static void checkOsShell(String osShell) {
        if (!osShell.startsWith("/")) {
            throw new IllegalArgumentException("osShell must be an absolute path, such as /bin/bash, not \"" + osShell
                    + "\"");
        }
    }

    static boolean isExecutableFile(String path) {
        return Files.isRegularFile(Path.of(path)) && Files.isExecutable(Path.of(path));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "amiko-sshd-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
