// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.amiko.testkit.PeerProcess;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * A real MIT Kerberos KDC (Debian's krb5-kdc) for one realm, run by the test on a free loopback port
 * with its own configuration and database in a temporary directory: principals and keytabs are
 * made with {@code kadmin.local}, Java logs in through JAAS with a keytab, and OpenSSH is pointed
 * at it with {@code KRB5_CONFIG}.
 */
final class MitKdc implements AutoCloseable {
    static final String REALM = "AMIKO.TEST";
    private static final String KDC = "/usr/sbin/krb5kdc";
    private static final String KDB5_UTIL = "/usr/sbin/kdb5_util";
    private static final String KADMIN = "/usr/sbin/kadmin.local";

    private final Path directory;
    private final Map<String, String> environment;
    private final Process process;

    private MitKdc(Path directory, Map<String, String> environment, Process process) {
        this.directory = directory;
        this.environment = environment;
        this.process = process;
    }

    /** Whether the KDC and its tools are installed (packages krb5-kdc, krb5-admin-server). */
    static boolean available() {
        return PeerProcess.available(KDC) && PeerProcess.available(KDB5_UTIL) && PeerProcess.available(KADMIN);
    }

    static MitKdc start(Path directory) throws IOException, InterruptedException {
        int port = OpenSshServer.freePort();
        Path krb5Conf = directory.resolve("krb5.conf");
        // no DNS anywhere: names are what they are, and the realm is this one; tickets may be
        // delegated (forwardable), for the tests of GSSAPIDelegateCredentials
        Files.writeString(krb5Conf, """
                [libdefaults]
                 default_realm = %1$s
                 dns_lookup_realm = false
                 dns_lookup_kdc = false
                 rdns = false
                 dns_canonicalize_hostname = false
                 udp_preference_limit = 1
                 forwardable = true
                [realms]
                 %1$s = {
                  kdc = 127.0.0.1:%2$d
                 }
                [domain_realm]
                 127.0.0.1 = %1$s
                 localhost = %1$s
                """.formatted(REALM, port), StandardCharsets.US_ASCII);
        Path kdcConf = directory.resolve("kdc.conf");
        Files.writeString(kdcConf, """
                [kdcdefaults]
                 kdc_ports = %2$d
                 kdc_tcp_ports = %2$d
                [realms]
                 %1$s = {
                  database_name = %3$s/principal
                  key_stash_file = %3$s/stash
                  acl_file = %3$s/kadm5.acl
                 }
                [logging]
                 kdc = FILE:%3$s/kdc.log
                """.formatted(REALM, port, directory), StandardCharsets.US_ASCII);
        Map<String, String> environment = Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5_KDC_PROFILE",
                kdcConf.toString());
        run(environment, KDB5_UTIL, "create", "-s", "-r", REALM, "-P", "kdc master password");
        ProcessBuilder builder = new ProcessBuilder(KDC, "-n", "-P", directory.resolve("kdc.pid").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("krb5kdc.out").toFile());
        builder.environment().putAll(environment);
        MitKdc kdc = new MitKdc(directory, environment, builder.start());
        Daemons.awaitListening(kdc.process, "krb5kdc", port, directory.resolve("krb5kdc.out"));
        return kdc;
    }

    /** The client configuration, for {@code KRB5_CONFIG} and {@code java.security.krb5.conf}. */
    Path config() {
        return directory.resolve("krb5.conf");
    }

    /** A new principal ({@code alice}, {@code host/127.0.0.1}) with a random key, exported to a keytab. */
    Path principalWithKeytab(String name) throws IOException, InterruptedException {
        Path keytab = directory.resolve(name.replace('/', '_') + ".keytab");
        run(environment, KADMIN, "-q", "addprinc -randkey " + name);
        run(environment, KADMIN, "-q", "ktadd -k " + keytab + " " + name);
        return keytab;
    }

    /**
     * Logs in through JAAS with a keytab, as a Java service or client does; the subject holds the
     * key, and for an initiator its ticket-granting ticket.
     */
    static Subject login(String principal, Path keytab, boolean initiator) throws Exception {
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal",
                principal + "@" + REALM, "storeKey", "true", "doNotPrompt", "true", "isInitiator",
                Boolean.toString(initiator), "refreshKrb5Config", "true");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext login = new LoginContext("amiko-test", new Subject(), null, configuration);
        login.login();
        return login.getSubject();
    }

    /** The subject's Kerberos credential for {@code usage} ({@link GSSCredential#INITIATE_ONLY}, ...). */
    @SuppressWarnings("removal") // Subject.doAs is how JDK 17's JGSS finds a subject's keys
    static GSSCredential credential(Subject subject, int usage) throws Exception {
        Oid kerberos = new Oid("1.2.840.113554.1.2.2");
        return Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () -> GSSManager.getInstance()
                .createCredential(null, GSSCredential.INDEFINITE_LIFETIME, kerberos, usage));
    }

    private static void run(Map<String, String> environment, String... command) throws IOException,
            InterruptedException {
        PeerProcess.Result result = PeerProcess.run(List.of(command), environment, null, Duration.ofSeconds(30));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + result);
        }
    }

    @Override
    public void close() {
        Daemons.stop(process);
    }
}
