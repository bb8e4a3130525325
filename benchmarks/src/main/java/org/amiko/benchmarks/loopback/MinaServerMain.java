// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Apache MINA SSHD 2.20 as the harness runs it, in a JVM of its own so its CPU and memory can be
 * read from {@code /proc}: MINA's default algorithms, the harness's Ed25519 host key (Bouncy Castle
 * on the class path gives MINA Ed25519), public keys from an authorized_keys file, TCP_NODELAY on
 * (without it MINA pays Nagle's delay on every handshake flight), the {@link InProcessCommand}
 * lines, and sshd-sftp serving a directory as its root.
 *
 * <p>Arguments: {@code HOST_KEY AUTHORIZED_KEYS SFTP_ROOT}. Prints {@code LISTENING port} when ready.
 */
public final class MinaServerMain {
    private MinaServerMain() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: mina-server HOST_KEY AUTHORIZED_KEYS SFTP_ROOT");
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new FileKeyPairProvider(Path.of(args[0])));
        // read once: MINA's AuthorizedKeysAuthenticator loads the file lazily, and eight clients at
        // once on a fresh server saw it refuse a listed key
        List<PublicKey> authorized = PublicKeyEntry.resolvePublicKeyEntries(null,
                AuthorizedKeyEntry.readAuthorizedKeys(Path.of(args[1])), PublicKeyEntryResolver.FAILING);
        sshd.setPublickeyAuthenticator((user, key, session) ->
                authorized.stream().anyMatch(known -> KeyUtils.compareKeys(known, key)));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new Served(command));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(Path.of(args[2]).toAbsolutePath()));
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.start();
        System.out.println("LISTENING " + sshd.getPort());
        System.out.flush();
        // the harness ends this JVM with SIGTERM
        new CountDownLatch(1).await();
    }

    /** An {@link InProcessCommand} on its own thread: MINA calls start on an I/O thread that must not block. */
    private static final class Served implements Command, Runnable {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Served(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream value) {
            in = value;
        }

        @Override
        public void setOutputStream(OutputStream value) {
            out = value;
        }

        @Override
        public void setErrorStream(OutputStream value) {
            err = value;
        }

        @Override
        public void setExitCallback(ExitCallback value) {
            exit = value;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            Thread thread = new Thread(this, "mina-command");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                exit.onExit(InProcessCommand.run(command, in, out, err));
            } catch (IOException e) {
                exit.onExit(1, e.toString());
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the thread ends with its streams
        }
    }
}
