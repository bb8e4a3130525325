// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.client.ConnectOptions;
import org.amiko.client.HostKeyPolicy;
import org.amiko.client.SshClient;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.server.AuthResult;
import org.amiko.testkit.PeerProcess;
import org.ietf.jgss.GSSCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code gssapi-with-mic} (RFC 4462 section 3) with Kerberos V5, against a real MIT KDC
 * ({@link MitKdc}): the Amiko client and server with each other, OpenSSH's ssh logging in to the
 * Amiko server with a ticket from kinit, and the Amiko client logging in to OpenSSH's sshd.
 */
@Timeout(120)
class GssapiTest {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path directory;

    private static MitKdc kdc;
    private static Path aliceKeytab;
    private static Path rootKeytab;
    private static Path hostKeytab;
    private static GSSCredential acceptor;
    private final BlockingQueue<String> principals = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(MitKdc.available(), "MIT Kerberos KDC not installed (krb5-kdc, krb5-admin-server)");
        kdc = MitKdc.start(directory);
        System.setProperty("java.security.krb5.conf", kdc.config().toString());
        aliceKeytab = kdc.principalWithKeytab("alice");
        rootKeytab = kdc.principalWithKeytab("root");
        hostKeytab = kdc.principalWithKeytab("host/" + HOST);
        acceptor = MitKdc.credential(MitKdc.login("host/" + HOST, hostKeytab, false), GSSCredential.ACCEPT_ONLY);
    }

    @AfterAll
    static void stop() {
        if (kdc != null) {
            kdc.close();
        }
    }

    /** A server that lets alice@AMIKO.TEST in as tester, by GSS-API only, and answers exec with the user. */
    private SshServer server(GSSCredential credential) throws IOException {
        return SshServer.builder().address(new InetSocketAddress(HOST, 0)).hostKeys(TestServer.hostKeys())
                .server(transport -> new GreetingServer(transport) {
                    @Override
                    public List<String> getAllowedAuths(String username) {
                        return List.of("gssapi-with-mic");
                    }

                    @Override
                    public GSSCredential gssapiAcceptorCredential() {
                        return credential;
                    }

                    @Override
                    public AuthResult checkAuthGssapiWithMic(String username, String principal) {
                        principals.add(principal);
                        return username.equals("tester") && principal.equals("alice@" + MitKdc.REALM)
                                ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }

                }).start();
    }

    private static Transport connect(int port) throws IOException {
        Transport transport = Amiko.connect(HOST, port);
        transport.startClient((peer, type, key) -> true); // host keys are not what this test is about
        return transport;
    }

    private static String exec(Transport transport, String command) throws IOException {
        Channel channel = transport.openSession();
        channel.exec(command);
        return new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void amikoClientAndServer() throws Exception {
        GSSCredential alice = MitKdc.credential(MitKdc.login("alice", aliceKeytab, true), GSSCredential.INITIATE_ONLY);
        SshServer server = server(acceptor);
        try (Transport transport = connect(server.address().getPort())) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> transport.authGssapiWithMic("root", HOST, alice));
            assertEquals(List.of("gssapi-with-mic"), refused.getAllowedMethods());
            assertEquals("alice@" + MitKdc.REALM, principals.poll(10, TimeUnit.SECONDS), "the principal Kerberos proved");
            assertEquals(List.of(), transport.authGssapiWithMic("tester", HOST, alice));
            assertEquals("hello tester\n", exec(transport, "whoami"));
        } finally {
            server.closeAll();
        }
    }

    @Test
    void aServerWithoutAnAcceptorCredentialRefusesTheMethod() throws Exception {
        GSSCredential alice = MitKdc.credential(MitKdc.login("alice", aliceKeytab, true), GSSCredential.INITIATE_ONLY);
        SshServer server = server(null);
        try (Transport transport = connect(server.address().getPort())) {
            assertThrows(AuthenticationException.class, () -> transport.authGssapiWithMic("tester", HOST, alice));
            assertTrue(principals.isEmpty());
        } finally {
            server.closeAll();
        }
    }

    /** SshClient with kerberos(true), run as alice's JAAS subject, logs in with her ticket before anything else. */
    @Test
    @SuppressWarnings("removal") // Subject.doAs is how JDK 17's JGSS finds the caller's ticket
    void sshClientLogsInWithTheCallersTicket() throws Exception {
        Subject alice = MitKdc.login("alice", aliceKeytab, true);
        SshServer server = server(acceptor);
        try (SshClient ssh = new SshClient().knownHosts(directory.resolve("sshclient_known_hosts"))
                .policy(HostKeyPolicy.AUTO_ADD).kerberos(true)) {
            Subject.doAs(alice, (PrivilegedExceptionAction<Void>) () -> {
                ssh.connect(HOST, server.address().getPort(), "tester", ConnectOptions.defaults().withAgent(false));
                return null;
            });
            assertEquals("hello tester\n", exec(ssh.getTransport(), "whoami"));
            assertEquals("alice@" + MitKdc.REALM, principals.poll(10, TimeUnit.SECONDS));
        } finally {
            server.closeAll();
        }
    }

    /**
     * SshClient with kerberos(true) but no ticket: the GSS-API exchange fails on this side, which
     * tells nothing of what the server allows, so the password is still tried, and the server
     * abandons the exchange for the new request (RFC 4462 section 3.4 lets a client move on).
     */
    @Test
    void sshClientWithoutATicketGoesOnToThePassword() throws Exception {
        SshServer server = SshServer.builder().address(new InetSocketAddress(HOST, 0)).hostKeys(TestServer.hostKeys())
                .server(transport -> new GreetingServer(transport) {
                    @Override
                    public List<String> getAllowedAuths(String username) {
                        return List.of("gssapi-with-mic", "password");
                    }

                    @Override
                    public GSSCredential gssapiAcceptorCredential() {
                        return acceptor;
                    }

                    @Override
                    public AuthResult checkAuthPassword(String username, String password) {
                        return password.equals("pw") ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }
                }).start();
        try (SshClient ssh = new SshClient().knownHosts(directory.resolve("noticket_known_hosts"))
                .policy(HostKeyPolicy.AUTO_ADD).kerberos(true)) {
            ssh.connect(HOST, server.address().getPort(), "tester", ConnectOptions.password("pw").withAgent(false));
            assertEquals("hello tester\n", exec(ssh.getTransport(), "whoami"));
        } finally {
            server.closeAll();
        }
    }

    /** ssh with a ticket from kinit; it asks for host/127.0.0.1, as the Amiko server's key is. */
    @Test
    void openSshLogsInToTheAmikoServerWithATicket() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        assumeTrue(PeerProcess.available("/usr/bin/kinit"), "kinit not installed (krb5-user)");
        Map<String, String> environment = Map.of("KRB5_CONFIG", kdc.config().toString(), "KRB5CCNAME",
                "FILE:" + directory.resolve("ccache_alice"));
        PeerProcess.Result kinit = PeerProcess.run(List.of("/usr/bin/kinit", "-k", "-t", aliceKeytab.toString(),
                "alice"), environment, null, Duration.ofSeconds(30));
        assertEquals(0, kinit.exitCode(), kinit::toString);
        SshServer server = server(acceptor);
        try {
            OpenSshClient ssh = new OpenSshClient(directory, server.address().getPort(), TestServer.hostKeys());
            List<String> command = ssh.command(null, "tester", List.of("BatchMode=yes", "GSSAPIAuthentication=yes",
                    "PreferredAuthentications=gssapi-with-mic"));
            command.add("whoami");
            PeerProcess.Result result = PeerProcess.run(command, environment, null, Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("hello tester\n", result.stdout());
            assertEquals("alice@" + MitKdc.REALM, principals.poll(10, TimeUnit.SECONDS));
        } finally {
            server.closeAll();
        }
    }

    /**
     * paramiko's and AsyncSSH's clients ({@code peers/gss_client.py}, with python3-gssapi) log in
     * with alice's ticket from kinit, as ssh does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"paramiko", "asyncssh"})
    void pythonClientsLogInToTheAmikoServerWithATicket(String library) throws Exception {
        assumeTrue(PeerProcess.available("/usr/bin/kinit"), "kinit not installed (krb5-user)");
        PeerProcess.Result probe = PeerProcess.run(List.of("/usr/bin/python3", "-c", "import gssapi, pyasn1, " + library),
                Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-gssapi, python3-pyasn1 or " + library + " not installed: " + probe.stderr());
        Map<String, String> environment = Map.of("KRB5_CONFIG", kdc.config().toString(), "KRB5CCNAME",
                "FILE:" + directory.resolve("ccache_alice_" + library));
        PeerProcess.Result kinit = PeerProcess.run(List.of("/usr/bin/kinit", "-k", "-t", aliceKeytab.toString(),
                "alice"), environment, null, Duration.ofSeconds(30));
        assertEquals(0, kinit.exitCode(), kinit::toString);
        SshServer server = server(acceptor);
        try {
            int port = server.address().getPort();
            Path knownHosts = KnownHostsFile.write(directory.resolve("known_hosts_" + library), port,
                    TestServer.hostKeys().stream().map(KeyPair::getPublic).toList());
            Path script = Path.of(getClass().getResource("/peers/gss_client.py").toURI());
            PeerProcess.Result result = PeerProcess.run(List.of("/usr/bin/python3", script.toString(), library, HOST,
                    Integer.toString(port), "tester", HOST, knownHosts.toString(), "whoami"), environment, null,
                    Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("hello tester\n", result.stdout());
            assertEquals("alice@" + MitKdc.REALM, principals.poll(10, TimeUnit.SECONDS));
        } finally {
            server.closeAll();
        }
    }

    /** sshd with the host key in KRB5_KTNAME lets root@AMIKO.TEST in as root (krb5_kuserok's default rule). */
    @Test
    void amikoClientLogsInToSshd() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        GSSCredential root = MitKdc.credential(MitKdc.login("root", rootKeytab, true), GSSCredential.INITIATE_ONLY);
        Map<String, String> environment = Map.of("KRB5_CONFIG", kdc.config().toString(), "KRB5_KTNAME",
                "FILE:" + hostKeytab);
        try (OpenSshServer sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), List.of(),
                environment, "GSSAPIAuthentication yes", "GSSAPIStrictAcceptorCheck no");
                Transport transport = connect(sshd.port())) {
            assertEquals(List.of(), transport.authGssapiWithMic("root", HOST, root));
            assertEquals("gss ok\n", exec(transport, "echo gss ok"));
        }
    }

    /**
     * GSSAPIDelegateCredentials: with delegation asked for, sshd stores the client's forwarded
     * ticket-granting ticket for the session, where klist finds it; without, the session has none.
     */
    @Test
    void amikoClientDelegatesItsTicketToSshdWhenAsked() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        assumeTrue(PeerProcess.available("/usr/bin/klist"), "klist not installed (krb5-user)");
        GSSCredential root = MitKdc.credential(MitKdc.login("root", rootKeytab, true), GSSCredential.INITIATE_ONLY);
        Map<String, String> environment = Map.of("KRB5_CONFIG", kdc.config().toString(), "KRB5_KTNAME",
                "FILE:" + hostKeytab);
        try (OpenSshServer sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), List.of(),
                environment, "GSSAPIAuthentication yes", "GSSAPIStrictAcceptorCheck no")) {
            String ticketGranting = "krbtgt/" + MitKdc.REALM + "@" + MitKdc.REALM;
            try (Transport transport = connect(sshd.port())) {
                assertEquals(List.of(), transport.authGssapiWithMic("root", HOST, root, true));
                String tickets = exec(transport, "/usr/bin/klist 2>&1");
                assertTrue(tickets.contains("root@" + MitKdc.REALM) && tickets.contains(ticketGranting), tickets);
            }
            try (Transport transport = connect(sshd.port())) {
                assertEquals(List.of(), transport.authGssapiWithMic("root", HOST, root, false));
                String tickets = exec(transport, "/usr/bin/klist 2>&1");
                assertFalse(tickets.contains(ticketGranting), tickets);
            }
        }
    }
}
