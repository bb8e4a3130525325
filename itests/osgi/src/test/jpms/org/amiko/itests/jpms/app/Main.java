// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.jpms.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;

/**
 * Starts an Amiko server on a loopback port and connects an Amiko client to it, both with the
 * algorithms {@link Amiko#defaultCatalog()} finds, runs one command, and prints what the test checks,
 * one fact per line: {@code MODULE}, {@code CLASSPATH}, {@code ALGORITHM family name provider},
 * {@code PROBLEM}, {@code OUTPUT}, {@code EXIT}, {@code SUITE}. Arguments {@code cipher=NAME} and
 * {@code kex=NAME} make the client accept only that algorithm.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        for (Class<?> type : List.of(Main.class, Transport.class, Amiko.class, KeyPairs.class,
                org.amiko.spi.cipher.CipherAlgorithm.class)) {
            System.out.println("MODULE " + type.getName() + " " + type.getModule().getName());
        }
        System.out.println("CLASSPATH " + System.getProperty("java.class.path", ""));
        AlgorithmCatalog catalog = Amiko.defaultCatalog();
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            for (AlgorithmCatalog.Entry entry : catalog.entries(family)) {
                System.out.println("ALGORITHM " + family + " " + entry.name() + " " + entry.provider());
            }
        }
        catalog.shadowed().forEach(entry -> System.out.println("SHADOWED " + entry.family() + " " + entry.name()));
        catalog.problems().forEach(problem -> System.out.println("PROBLEM " + problem));

        KeyPair hostKey = KeyPairs.generate("ssh-ed25519");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(List.of(hostKey)).server(transport -> new Greeter(user.getPublic())).start();
        try (Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
            for (String arg : args) {
                String[] pin = arg.split("=", 2);
                AlgorithmFamily family = "cipher".equals(pin[0]) ? AlgorithmFamily.CIPHER : AlgorithmFamily.KEX;
                client.getSecurityOptions().set(family, List.of(pin[1]));
            }
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authPublickey("jpms", user);
            Channel channel = client.openSession();
            channel.exec("greet module path");
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            channel.getInputStream().transferTo(output);
            System.out.println("OUTPUT " + output.toString(StandardCharsets.UTF_8));
            System.out.println("EXIT " + channel.recvExitStatus());
            System.out.println("SUITE " + server.sessions().get(0).suite());
        } finally {
            server.closeAll();
        }
    }

    /** Lets in one key and answers every command with a greeting naming it. */
    private static final class Greeter implements ServerInterface {
        private final PublicKey user;

        Greeter(PublicKey user) {
            this.user = user;
        }

        @Override
        public List<String> getAllowedAuths(String username) {
            return List.of("publickey");
        }

        @Override
        public AuthResult checkAuthPublickey(String username, PublicKey key) {
            return user.equals(key) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            // hooks must not block: answer from a thread of our own
            Thread answer = new Thread(() -> {
                try {
                    OutputStream out = channel.getOutputStream();
                    out.write(("hello from " + command).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    channel.sendExitStatus(0);
                    channel.close();
                } catch (IOException e) {
                    e.printStackTrace();
                }
            }, "greeter");
            answer.start();
            return true;
        }
    }
}
