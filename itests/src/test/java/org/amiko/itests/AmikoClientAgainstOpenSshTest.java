// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.HostKeyException;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.TransportEngine;
import org.amiko.keys.KeyPairs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Amiko client against a real OpenSSH sshd, every algorithm of the JDK pack one by one. */
class AmikoClientAgainstOpenSshTest {
    @TempDir
    static Path directory;

    private static OpenSshServer sshd;
    private static KeyPair user;
    private static KeyPair rsaUser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        rsaUser = KeyPairs.generate("ssh-rsa");
        sshd = OpenSshServer.start(directory, List.of(user, rsaUser, KeyPairs.generate("ecdsa-sha2-nistp256")));
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static Transport connect(AlgorithmFamily family, String algorithm) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", sshd.port());
        if (family != null) {
            transport.getSecurityOptions().set(family, List.of(algorithm));
        }
        transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
        return transport;
    }

    private static void execAndCheck(Transport transport) throws Exception {
        transport.authPublickey("root", user);
        Channel channel = transport.openSession();
        channel.exec("echo amiko-client-ok; exit 5");
        String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("amiko-client-ok\n", out);
        assertEquals(5, channel.recvExitStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256"})
    void keyExchange(String kex) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.KEX, kex)) {
            execAndCheck(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "rsa-sha2-256", "rsa-sha2-512"})
    void hostKey(String algorithm) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.HOST_KEY, algorithm)) {
            execAndCheck(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
        "aes256-ctr"})
    void cipher(String cipher) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.CIPHER, cipher)) {
            execAndCheck(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-etm@openssh.com", "umac-64@openssh.com",
        "umac-128@openssh.com", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com"})
    void mac(String mac) throws Exception {
        try (Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            transport.getSecurityOptions().set(AlgorithmFamily.CIPHER, List.of("aes256-ctr"));
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of(mac));
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            execAndCheck(transport);
            assertEquals(mac, ((SshTransport) transport).session().engine().suite().serverToClient().macName());
        }
    }

    /**
     * sshd 8.9+ offers host-bound publickey (OpenSSH PROTOCOL section 3.1) in its EXT_INFO; the
     * client takes it, and sshd, which checks that the named host key is its own and verifies the
     * signature over it, lets the user in. (The host key cases above run it with every key type.)
     */
    @Test
    void publicKeyIsBoundToSshdsHostKey() throws Exception {
        try (Transport transport = connect(null, null)) {
            TransportEngine engine = ((SshTransport) transport).session().engine();
            assertTrue(engine.hostBoundAuth(), "sshd offered publickey-hostbound@openssh.com");
            execAndCheck(transport);
            assertTrue(transport.isAuthenticated());
        }
    }

    @Test
    void rsaUserKeyUsesServerSigAlgs() throws Exception {
        try (Transport transport = connect(null, null)) {
            assertEquals(List.of(), transport.authPublickey("root", rsaUser));
            Channel channel = transport.openSession();
            channel.exec("true");
            assertEquals(0, channel.recvExitStatus());
        }
    }

    @Test
    void untrustedHostKeyAborts() throws Exception {
        try (Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            assertThrows(HostKeyException.class, () -> transport.startClient((peer, type, key) -> false));
            assertTrue(!transport.isActive());
        }
    }

    @Test
    void unknownUserKeyIsRefusedWithMethodsLeft() throws Exception {
        try (Transport transport = connect(null, null)) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> transport.authPublickey("root", KeyPairs.generate("ssh-ed25519")));
            assertTrue(refused.getAllowedMethods().contains("publickey"), refused.getMessage());
        }
    }

    @Test
    void rekeyOnDemandKeepsTheSessionUsable() throws Exception {
        try (Transport transport = connect(null, null)) {
            transport.authPublickey("root", user);
            Channel channel = transport.openSession();
            channel.exec("cat");
            channel.getOutputStream().write("before\n".getBytes(StandardCharsets.UTF_8));
            transport.renegotiateKeys();
            transport.sendIgnore(100);
            channel.getOutputStream().write("after\n".getBytes(StandardCharsets.UTF_8));
            channel.shutdownOutput();
            assertEquals("before\nafter\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, channel.recvExitStatus());
        }
    }

    @Test
    void keepaliveGlobalRequestIsAnswered() throws Exception {
        try (Transport transport = connect(null, null)) {
            transport.authPublickey("root", user);
            // OpenSSH answers unknown global requests with failure; an answer is what keepalive needs
            assertTrue(transport.globalRequest("keepalive@openssh.com", new byte[0]).isEmpty());
            assertTrue(transport.isActive());
        }
    }

    @Test
    void strictKexIsNegotiatedWithOpenSsh() throws Exception {
        try (Transport transport = connect(null, null)) {
            assertTrue(((org.amiko.core.internal.SshTransport) transport).session().engine().isStrictKex());
        }
    }
}
