// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.Channel;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.Fingerprint;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.OsCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The SSH server of the Amiko runtime: listens where {@code etc/org.amiko.sshd.cfg} says, with
 * host keys from (or created in) {@code etc/}, users from {@code authorized_keys} and
 * {@code users.properties}, and the algorithms of the live catalog. A configuration change
 * restarts the listener; connections already open are closed with it.
 */
@Component(configurationPid = "org.amiko.sshd", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SshdConfig.class)
public final class SshdComponent {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private final LiveCatalog catalog;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
    private SshServer server;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile GogoCommandRunner gogo;

    @Activate
    public SshdComponent(@Reference LiveCatalog catalog, SshdConfig config) throws IOException {
        this.catalog = catalog;
        Path home = Path.of(System.getProperty("amiko.home", ".")).toAbsolutePath().normalize();
        Path hostKeyDirectory = home.resolve(config.hostKeyDirectory());
        Path authorizedKeys = home.resolve(config.authorizedKeys());
        Path users = home.resolve(config.users());
        List<KeyPair> hostKeys = HostKeyStore.loadOrCreate(hostKeyDirectory);
        createFirstUser(users);
        CommandRunner runner = runner(config.shell());
        TransportSettings settings = TransportSettings.builder()
                .loginGraceTime(Duration.ofSeconds(Math.max(1, config.loginGraceTime())))
                .maxAuthTries(Math.max(1, config.maxAuthTries())).build();
        InetSocketAddress address = new InetSocketAddress(config.address(), config.port());
        server = SshServer.builder().address(address).settings(settings).catalog(catalog).hostKeys(hostKeys)
                .server(transport -> {
                    try {
                        return new ApplianceServer(AuthorizedKeys.load(authorizedKeys), PasswordFile.load(users), runner,
                                workers);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).start();
        LOG.log(Level.INFO, "Amiko SSH server listening on {0} (shell={1})", server.address(), config.shell());
        for (KeyPair key : hostKeys) {
            try {
                LOG.log(Level.INFO, "host key {0} {1}", PublicKeyBlob.keyType(key.getPublic()),
                        Fingerprint.sha256(key.getPublic()));
            } catch (java.security.GeneralSecurityException e) {
                LOG.log(Level.WARNING, "host key of unknown type: {0}", key.getPublic().getAlgorithm());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.closeAll();
        }
        workers.shutdownNow();
    }

    /** The listener, for the runtime's commands. */
    SshServer server() {
        return server;
    }

    private CommandRunner runner(String shell) {
        if ("os".equals(shell)) {
            return (channel, command, pty, environment) -> OsCommand.run(channel, command, pty, environment, workers);
        }
        if (!"gogo".equals(shell)) {
            throw new IllegalArgumentException("shell must be gogo or os, not " + shell);
        }
        return (Channel channel, String command, PtyRequest pty, Map<String, String> environment) -> {
            GogoCommandRunner current = gogo;
            if (current == null) {
                OsCommand.finish(channel, 127, null, "Gogo is not installed; set shell=os or install Gogo");
            } else {
                current.run(channel, command, pty, environment);
            }
        };
    }

    /** First start with no password user: creates {@code admin} and prints its password once. */
    private static void createFirstUser(Path users) throws IOException {
        if (!PasswordFile.load(users).isEmpty()) {
            return;
        }
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[15];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        PasswordFile.setPassword(users, "admin", password, random);
        // printed, not logged: it must not end up in log files
        System.out.println("Created user 'admin' with password " + password + " (shown once; change it with "
                + "bin/amiko passwd admin)");
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "amiko-sshd-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
