// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.HostKeyException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.CertificateAuthorization;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.KnownHostsVerifier;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.keys.PublicKeyLine;
import org.amiko.server.AuthResult;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH certificates (PROTOCOL.certkeys) between Amiko and OpenSSH, both ways: user
 * certificates that a trusted authority signed log in, and host certificates are trusted through
 * {@code @cert-authority} known_hosts lines, with no host key on file.
 */
@Timeout(120)
class CertificateInteropTest {
    private static final SshEd25519 ED25519 = new SshEd25519();

    @TempDir
    Path directory;

    private final KeyPair authority = generate();

    private static KeyPair generate() {
        try {
            return KeyPairs.generate("ssh-ed25519");
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OpenSshCertificate issue(OpenSshCertificate.Kind kind, PublicKey key, String principal)
            throws GeneralSecurityException {
        return CertificateBuilder.of(kind, key).keyId("interop").principals(List.of(principal))
                .validity(Instant.now().minusSeconds(300), Instant.now().plusSeconds(3600))
                .sign(authority.getPublic(), data -> ED25519.sign(authority.getPrivate(), data, new SecureRandom()),
                        new SecureRandom());
    }

    private String authorityLine() throws Exception {
        return PublicKeyLine.of(authority.getPublic(), "ca").format();
    }

    /** An Amiko server that lets in user certificates of {@link #authority} and answers exec with the user name. */
    private SshServer amikoServer(List<KeyPair> hostKeys) throws Exception {
        AuthorizedKeys authorities = AuthorizedKeys.parse("cert-authority " + authorityLine());
        return SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(hostKeys)
                .server(transport -> new GreetingServer(transport) {
                    @Override
                    public AuthResult checkAuthPublickey(String username, PublicKey key) {
                        if (!(key instanceof OpenSshCertificate certificate)) {
                            return AuthResult.FAILED;
                        }
                        try {
                            CertificateAuthorization.check(authorities.findAuthorities(certificate).get(0), certificate,
                                    username, transport.getPeerName().getAddress(), Instant.now());
                            return AuthResult.SUCCESSFUL;
                        } catch (ParseException | IndexOutOfBoundsException e) {
                            return AuthResult.FAILED;
                        }
                    }

                }).start();
    }

    private static KeyPair ed25519HostKey() throws GeneralSecurityException {
        for (KeyPair key : TestServer.hostKeys()) {
            if (PublicKeyBlob.keyType(key.getPublic()).equals("ssh-ed25519")) {
                return key;
            }
        }
        throw new IllegalStateException("no Ed25519 host key");
    }

    @Test
    void openSshLogsInWithAUserCertificateAndTrustsTheHostCertificateByItsAuthority() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair host = generate();
        KeyPair hostCertified = new KeyPair(issue(OpenSshCertificate.Kind.HOST, host.getPublic(), "127.0.0.1"),
                host.getPrivate());
        try (SshServer server = amikoServer(List.of(hostCertified))) {
            OpenSshClient ssh = new OpenSshClient(directory, server.address().getPort(), List.of());
            // no host key on file: only the authority, for this host and port
            Files.writeString(directory.resolve("known_hosts"),
                    "@cert-authority [127.0.0.1]:" + server.address().getPort() + " " + authorityLine() + "\n");
            KeyPair user = generate();
            Path identity = ssh.identity("id_user", user);
            Files.writeString(Path.of(identity + "-cert.pub"),
                    PublicKeyLine.of(issue(OpenSshCertificate.Kind.USER, user.getPublic(), "tester"), "c").format() + "\n");
            PeerProcess.Result result = ssh.exec(identity, "whoami");
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("hello tester\n", result.stdout());

            // a certificate for another principal is refused, and so is the bare key
            Files.writeString(Path.of(identity + "-cert.pub"),
                    PublicKeyLine.of(issue(OpenSshCertificate.Kind.USER, user.getPublic(), "root"), "c").format() + "\n");
            assertEquals(255, ssh.exec(identity, "whoami").exitCode());
        }
    }

    @Test
    void amikoLogsInToSshdWithAUserCertificateAndTrustsItsHostCertificate() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        KeyPair host = ed25519HostKey();
        Path caFile = directory.resolve("user_ca.pub");
        Files.writeString(caFile, authorityLine() + "\n");
        Path hostCertificate = directory.resolve("ssh_host_key_ed25519-cert.pub");
        Files.writeString(hostCertificate,
                PublicKeyLine.of(issue(OpenSshCertificate.Kind.HOST, host.getPublic(), "127.0.0.1"), "h").format() + "\n");
        try (OpenSshServer sshd = OpenSshServer.start(directory, List.of(), "TrustedUserCAKeys " + caFile,
                "HostCertificate " + hostCertificate)) {
            KnownHosts known = KnownHosts.parse("@cert-authority [127.0.0.1]:" + sshd.port() + " " + authorityLine());
            KeyPair user = generate();
            try (Transport client = Amiko.connect("127.0.0.1", sshd.port())) {
                // the authority on file for this host puts the certificate types first in our offer
                client.startClient(KnownHostsVerifier.reject(known));
                assertInstanceOf(OpenSshCertificate.class, client.getRemoteServerKey());
                client.authPublickey("root",
                        new KeyPair(issue(OpenSshCertificate.Kind.USER, user.getPublic(), "root"), user.getPrivate()));
                Channel channel = client.openSession();
                channel.exec("echo certified");
                assertEquals("certified\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            // the same authority for another host name: the certificate does not name it
            KnownHosts elsewhere = KnownHosts.parse("@cert-authority localhost " + authorityLine());
            try (Transport client = Amiko.connect(new InetSocketAddress("localhost", sshd.port()),
                    org.amiko.core.TransportSettings.defaults(), Amiko::defaultCatalog)) {
                client.getSecurityOptions().set(AlgorithmFamily.HOST_KEY, List.of("ssh-ed25519-cert-v01@openssh.com"));
                assertThrows(HostKeyException.class, () -> client.startClient(KnownHostsVerifier.reject(elsewhere)));
            }
        }
    }
}
