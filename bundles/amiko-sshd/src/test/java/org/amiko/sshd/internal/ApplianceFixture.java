// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.RevokedKeys;
import org.amiko.server.SubsystemHandler;
import org.amiko.sshd.OsCommand;

/**
 * For tests: the appliance's decisions ({@link ApplianceServer}) on a loopback server with an
 * Ed25519 host key and an {@code sftp} subsystem that answers one line, and clients of it.
 */
final class ApplianceFixture implements AutoCloseable {
    static final KeyPair HOST = generate();
    final ExecutorService workers = Executors.newCachedThreadPool();
    /** A shell=os runner, as the runtime builds it, with the shell {@link #osShell} names then. */
    final CommandRunner os = CommandRunner.os(() -> this.osShell, workers);
    /** The shell {@link #os} runs commands with. */
    String osShell = OsCommand.DEFAULT_SHELL;
    /** X11 forwarding as the servers started from now on serve it. */
    X11Settings x11 = X11Settings.OFF;
    /** authenticationMethods as the servers started from now on require them. */
    List<List<String>> requiredMethods = List.of();
    /** The banner as the servers started from now on show it; null for none. */
    Supplier<String> banner;
    /** The banner file the settings name when {@link #banner} is set. */
    private static final String BANNER_FILE = "etc/banner.txt";
    /** The text of each banner file settings may name: {@link #banner} for its own, none for others. */
    Function<String, Supplier<String>> banners = file -> file.equals(BANNER_FILE) ? banner : () -> null;
    /** One-time codes as the servers started from now on ask for them; null for none. */
    OneTimeCodes codes;
    /** The JAAS realm that checks passwords on the servers started from now on; null for the users file. */
    JaasLogin jaas;
    /** Host-based logins as the servers started from now on decide them; null for none. */
    HostbasedLogin hostbased;
    /** Who may log in at all, on the servers started from now on. */
    UserAccess access = UserAccess.ANYONE;
    /** The command every login runs (forceCommand), on the servers started from now on; null for none. */
    String forceCommand;
    /** The variables a client may set (acceptEnv), on the servers started from now on. */
    String acceptEnv = LoginSettings.defaults().raw().get("acceptEnv");
    /** The variables every command gets (setEnv), on the servers started from now on. */
    String setEnv = "";
    /** Which names a key's environment= may set (permitUserEnvironment), on the servers started from now on. */
    String permitUserEnvironment = "no";
    /**
     * The server-wide settings of a login, on the servers started from now on; null for the
     * defaults with the settings above. Match blocks come from {@link #configurations} either way.
     */
    LoginSettings login;
    /** What reads the key files match blocks name, on the servers started from now on; by default none. */
    KeyFiles keyFiles = KeyFiles.UNREADABLE;
    /** The match blocks' configurations, read at each login when {@link #login} is set. */
    final FakeConfigurationAdmin configurations = new FakeConfigurationAdmin();
    private SshServer server;

    static KeyPair generate() {
        try {
            return KeyPairs.generate("ssh-ed25519");
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Starts the server and returns a client that has checked its host key and not yet authenticated. */
    Transport serve(AuthorizedKeys keys, PasswordFile passwords, CommandRunner runner, ForwardingSettings forwarding)
            throws Exception {
        return serve(keys, RevokedKeys::none, passwords, runner, forwarding);
    }

    /** As {@link #serve(AuthorizedKeys, PasswordFile, CommandRunner, ForwardingSettings)}, with keys revoked. */
    Transport serve(AuthorizedKeys keys, Supplier<RevokedKeys> revoked, PasswordFile passwords, CommandRunner runner,
            ForwardingSettings forwarding) throws Exception {
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(HOST))
                .server(t -> new ApplianceServer(user -> keys, revoked, () -> passwords, runner, name -> null, t, workers,
                        serverWide(forwarding), new MatchBlocks(configurations::admin))
                        .withBanners(banners).withOneTimeCodes(codes)
                        .withHostbased(hostbased).withKeyFiles(keyFiles).withJaas(jaas))
                .subsystem("sftp", new SubsystemHandler() {
                    @Override
                    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
                        startSubsystem(name, List.of(), transport, channel);
                    }

                    // says which options the session got: what a forced internal-sftp passes
                    @Override
                    public void startSubsystem(String name, List<String> arguments, Transport transport,
                            Channel channel) throws IOException {
                        String with = arguments.isEmpty() ? "" : " with " + arguments;
                        channel.getOutputStream().write(("sftp served" + with + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                })
                .start();
        return connect();
    }

    /**
     * {@link #login}, else the defaults with this fixture's fields and {@code forwarding} in place
     * of theirs (and without their text, which only match blocks need: {@link #login} for those).
     */
    private LoginSettings serverWide(ForwardingSettings forwarding) {
        if (login != null) {
            return login;
        }
        LoginSettings defaults = LoginSettings.defaults();
        return new LoginSettings(defaults.raw(), forwarding, x11, defaults.agentForwarding(), defaults.pty(),
                requiredMethods, LoginSettings.forceCommandSetting(forceCommand), LoginSettings.acceptEnvPatterns(acceptEnv),
                LoginSettings.setEnvVariables(setEnv), defaults.maxSessions(), defaults.channelTimeouts(), defaults.clientAliveInterval(),
                defaults.clientAliveCountMax(), defaults.unusedConnectionTimeout(), access,
                banner == null ? null : BANNER_FILE, defaults.maxAuthTries(), defaults.authorizedKeys(),
                defaults.revokedKeys(), LoginSettings.userEnvironment(permitUserEnvironment), defaults.karafRoles());
    }

    /** Runs {@code command} on {@code channel}: what it printed, once it has exited. */
    static String run(Channel channel, String command) throws Exception {
        channel.exec(command);
        String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        channel.recvExitStatus();
        return out;
    }

    /** Starts the server with user {@code pat} (password {@code secret}, kept in {@code directory}) and logs in as pat. */
    Transport passwordLogin(CommandRunner runner, Path directory) throws Exception {
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "pat", "secret", new SecureRandom());
        Transport client = serve(AuthorizedKeys.parse(""), PasswordFile.load(users), runner, ForwardingSettings.OFF);
        client.authPassword("pat", "secret");
        return client;
    }

    /** Another client of the running server, host key checked, not yet authenticated. */
    Transport connect() throws Exception {
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        client.startClient((peer, type, key) -> key.equals(HOST.getPublic()));
        return client;
    }

    @Override
    public void close() {
        if (server != null) {
            server.closeAll();
        }
        workers.shutdownNow();
    }
}
