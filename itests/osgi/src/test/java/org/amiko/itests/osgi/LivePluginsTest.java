// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import static org.amiko.itests.osgi.TestClient.BROKEN_PLAINTEXT;
import static org.amiko.itests.osgi.TestClient.BROKEN_SELF_TEST;
import static org.amiko.itests.osgi.TestClient.TEST_CIPHER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.LongSupplier;
import javax.inject.Inject;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.server.SubsystemHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The Amiko server in a real Felix (SCR, ConfigAdmin, the Amiko bundles) while plug-in bundles come
 * and go under it, observed by an Amiko client in the same framework: what the next handshake
 * offers, which provider of a wire name runs, what happens to a session whose cipher leaves in the
 * middle of a transfer, a subsystem served only while its bundle is active, and plug-ins that are
 * refused for failing their checks. One framework serves the whole class; every test removes the
 * plug-ins it installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LivePluginsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CIPHER_PLUGIN = "amiko-itest-bundle-cipher";
    private static final String RANKED_PLUGIN = "amiko-itest-bundle-cipher-ranked";

    @Inject
    private BundleContext context;

    private ServerFixture fixture;
    private TestClient client;

    @Configuration
    public Option[] configuration() throws Exception {
        return FelixSetup.configuration();
    }

    @Before
    public void setUp() throws Exception {
        fixture = new ServerFixture(context);
        client = new TestClient(fixture);
    }

    @After
    public void tearDown() throws Exception {
        fixture.uninstallPlugins();
    }

    /**
     * Starting a cipher bundle while the server runs makes the next handshake offer its algorithm;
     * stopping or uninstalling it makes the next handshake stop offering it. A client that accepts
     * only that cipher gets it while the bundle is active (and the bundle's own implementation keys
     * the server's side), and is refused with the server's KEXINIT list otherwise.
     */
    @Test
    public void hotAddAndRemoveChangeWhatTheNextHandshakeOffers() throws Exception {
        Bundle plugin = fixture.install(CIPHER_PLUGIN);
        assertNotOffered(TEST_CIPHER);

        plugin.start();
        AlgorithmCatalog catalog = fixture.awaitCatalog("offer " + TEST_CIPHER, offers(plugin));
        // the @SshAlgorithm component property type reached the service properties
        assertEquals(100, catalog.find(AlgorithmFamily.CIPHER, TEST_CIPHER).get().preference());
        assertTrue(line(fixture.command("algorithms"), TEST_CIPHER, provider(plugin)).contains(" offered "));
        assertHandshakeKeyedBy(fixture.cipherCounter(plugin, TEST_CIPHER));

        plugin.stop();
        fixture.awaitCatalog("withdraw " + TEST_CIPHER, withdrawn());
        assertNotOffered(TEST_CIPHER);

        // a restarted bundle is a new component instance, offered again
        plugin.start();
        fixture.awaitCatalog("offer " + TEST_CIPHER + " again", offers(plugin));
        assertHandshakeKeyedBy(fixture.cipherCounter(plugin, TEST_CIPHER));

        plugin.uninstall();
        fixture.awaitCatalog("forget " + TEST_CIPHER, withdrawn());
        assertNotOffered(TEST_CIPHER);
    }

    /**
     * Two bundles provide one wire name: the one with the higher {@code service.ranking} is offered
     * and keys the sessions (its counter moves, the other's does not); the other is listed as
     * shadowed, in the catalog and in {@code amiko:algorithms}. When the winner's bundle stops, the
     * shadowed provider takes over and keys the next session.
     */
    @Test
    public void higherRankingWinsAndTheShadowedProviderTakesOver() throws Exception {
        Bundle plain = fixture.start(CIPHER_PLUGIN);
        fixture.awaitCatalog("offer " + TEST_CIPHER, offers(plain));
        Bundle ranked = fixture.start(RANKED_PLUGIN);
        AlgorithmCatalog catalog = fixture.awaitCatalog("prefer the ranked provider", offers(ranked));

        assertEquals(10, catalog.find(AlgorithmFamily.CIPHER, TEST_CIPHER).get().ranking());
        List<AlgorithmCatalog.Entry> shadowed = catalog.shadowed().stream()
                .filter(entry -> entry.name().equals(TEST_CIPHER)).toList();
        assertEquals(ServerFixture.describe(catalog), 1, shadowed.size());
        assertEquals(provider(plain), shadowed.get(0).provider());
        assertEquals(0, shadowed.get(0).ranking());
        assertTrue(line(fixture.command("algorithms"), TEST_CIPHER, provider(plain)).contains("shadowed (ranking 0)"));

        LongSupplier plainCount = fixture.cipherCounter(plain, TEST_CIPHER);
        LongSupplier rankedCount = fixture.cipherCounter(ranked, TEST_CIPHER);
        long plainBefore = plainCount.getAsLong();
        assertHandshakeKeyedBy(rankedCount);
        assertEquals("the shadowed provider must not run", plainBefore, plainCount.getAsLong());

        ranked.stop();
        catalog = fixture.awaitCatalog("fall back to the plain provider", offers(plain));
        assertTrue(ServerFixture.describe(catalog),
                catalog.shadowed().stream().noneMatch(entry -> entry.name().equals(TEST_CIPHER)));
        long rankedBefore = rankedCount.getAsLong();
        assertHandshakeKeyedBy(plainCount);
        assertEquals("the stopped provider must not run", rankedBefore, rankedCount.getAsLong());
    }

    /**
     * With {@code onAlgorithmRemoved=rekey}, stopping the bundle whose cipher a session uses, while
     * 8 MiB flow through an echo subsystem, re-keys the session onto the client's second choice
     * ({@code aes256-ctr}) without losing, duplicating or reordering a byte, and without asking the
     * stopped plug-in for keys again; the session stays up.
     */
    @Test
    public void sessionSurvivesRemovalOfItsCipherMidTransfer() throws Exception {
        ServiceRegistration<SubsystemHandler> echo = context.registerService(SubsystemHandler.class,
                EchoTransfer.ECHO, subsystem("echo-itest"));
        try {
            fixture.awaitUsedBy("(amiko.subsystem=echo-itest)", "org.amiko.sshd");
            Bundle plugin = fixture.start(CIPHER_PLUGIN);
            fixture.awaitCatalog("offer " + TEST_CIPHER, offers(plugin));
            LongSupplier keyed = fixture.cipherCounter(plugin, TEST_CIPHER);
            try (Transport transport = client.login("transfer", List.of(TEST_CIPHER, "aes256-ctr"))) {
                String before = sessionRow("transfer");
                assertTrue(before, before.contains("c2s=" + TEST_CIPHER + "/")
                        && before.contains("s2c=" + TEST_CIPHER + "/"));
                long keyedBefore = keyed.getAsLong();

                Channel channel = transport.openSession();
                channel.invokeSubsystem("echo-itest");
                long total = 8L << 20;
                EchoTransfer transfer = new EchoTransfer(channel, total, 3L << 20, 1L << 20, TIMEOUT);
                transfer.awaitReceived(TIMEOUT);
                // the catalog is rebuilt and the server asks for a re-key inside this call
                plugin.stop();
                long receivedAtRemoval = transfer.received();
                transfer.openGate();
                long mismatch = transfer.await(TIMEOUT);

                assertTrue("the plug-in must leave while data is in flight", receivedAtRemoval < total);
                assertEquals("first byte lost, duplicated or altered", -1, mismatch);
                assertEquals(total, transfer.received());
                assertTrue(transport.isActive());
                String after = sessionRow("transfer");
                assertTrue(after, after.contains("c2s=aes256-ctr/") && after.contains("s2c=aes256-ctr/"));
                assertFalse(after, after.contains(TEST_CIPHER));
                assertTrue(after, keyExchanges(after) >= 2);
                assertEquals("the stopped plug-in was asked for keys again", keyedBefore, keyed.getAsLong());
            }
        } finally {
            echo.unregister();
        }
    }

    /**
     * A {@link SubsystemHandler} service from a bundle started at run time
     * ({@code amiko.subsystem=upper}) is served to a client; once the bundle stops, a request for it
     * is refused as a channel request failure while the connection stays up, and the same connection
     * is served again when the bundle comes back.
     */
    @Test
    public void subsystemPluginIsServedWhileItsBundleIsActive() throws Exception {
        try (Transport transport = client.login("subsystem")) {
            assertRefused(transport, "upper");

            Bundle plugin = fixture.start("amiko-itest-bundle-subsystem");
            fixture.awaitUsedBy("(amiko.subsystem=upper)", "org.amiko.sshd");
            assertEquals("HELLO, AMIKO 0.1!", upper(transport, "Hello, Amiko 0.1!"));

            // unregistered (and unbound from the server) before stop() returns
            plugin.stop();
            assertRefused(transport, "upper");
            assertTrue("the connection must survive a refused subsystem", transport.isActive());

            plugin.start();
            fixture.awaitUsedBy("(amiko.subsystem=upper)", "org.amiko.sshd");
            assertEquals("AGAIN", upper(transport, "again"));
        }
    }

    /**
     * Plug-ins that would break handshakes are refused when they arrive and reported to operators:
     * one whose {@code SelfTesting.selfTest()} fails, one whose sealer leaves packets unencrypted.
     * Neither is offered (a client that wants only one of them is refused); the problems name them
     * in the catalog and in {@code amiko:algorithms}, and disappear with the bundle.
     */
    @Test
    public void brokenPluginsAreReportedAndNotOffered() throws Exception {
        Bundle plugin = fixture.start("amiko-itest-bundle-broken");
        AlgorithmCatalog catalog = fixture.awaitCatalog("report both broken plug-ins",
                c -> problem(c, BROKEN_SELF_TEST) != null && problem(c, BROKEN_PLAINTEXT) != null);

        assertEquals("a refused plug-in is not a failed bundle", Bundle.ACTIVE, plugin.getState());
        String selfTest = problem(catalog, BROKEN_SELF_TEST);
        assertTrue(selfTest, selfTest.contains("known answer mismatch"));
        String plaintext = problem(catalog, BROKEN_PLAINTEXT);
        assertTrue(plaintext, plaintext.contains("unencrypted"));
        for (String name : List.of(BROKEN_SELF_TEST, BROKEN_PLAINTEXT)) {
            assertFalse(catalog.find(AlgorithmFamily.CIPHER, name).isPresent());
            assertTrue(catalog.shadowed().stream().noneMatch(entry -> entry.name().equals(name)));
            String algorithms = fixture.command("algorithms");
            assertTrue(algorithms, algorithms.lines().anyMatch(l -> l.startsWith("FAILED ") && l.contains(name)));
            assertTrue(algorithms, algorithms.lines().noneMatch(l -> !l.startsWith("FAILED ") && l.contains(name)));
            assertNotOffered(name);
        }

        plugin.stop();
        catalog = fixture.awaitCatalog("drop the problems of a stopped bundle",
                c -> problem(c, BROKEN_SELF_TEST) == null && problem(c, BROKEN_PLAINTEXT) == null);
        assertNull(problem(catalog, BROKEN_PLAINTEXT));
    }

    // ---- helpers ----

    /** A handshake pinned to the test cipher succeeds, and {@code counter}'s plug-in keyed the server's side. */
    private void assertHandshakeKeyedBy(LongSupplier counter) throws IOException {
        long before = counter.getAsLong();
        try (Transport transport = client.login("pinned", List.of(TEST_CIPHER))) {
            assertTrue(transport.isAuthenticated());
        }
        // one key exchange: one sealer towards the client and one opener for its packets
        assertEquals(2, counter.getAsLong() - before);
    }

    /** A client that accepts only {@code cipher} is refused: the server's KEXINIT does not list it. */
    private void assertNotOffered(String cipher) {
        AlgorithmNegotiationException refused = assertThrows(AlgorithmNegotiationException.class,
                () -> client.login("refused", List.of(cipher)).close());
        assertEquals(AlgorithmFamily.CIPHER, refused.getFamily());
        assertFalse(refused.getMessage(), refused.getTheirs().contains(cipher));
        // the server did answer with its other ciphers
        assertTrue(refused.getMessage(), refused.getTheirs().contains("aes256-ctr"));
    }

    private static void assertRefused(Transport transport, String subsystem) throws IOException {
        Channel channel = transport.openSession();
        try {
            IOException refused = assertThrows(IOException.class, () -> channel.invokeSubsystem(subsystem));
            assertNotNull(refused.getMessage());
        } finally {
            channel.close();
        }
    }

    private static String upper(Transport transport, String text) throws IOException {
        Channel channel = transport.openSession();
        try {
            channel.invokeSubsystem("upper");
            channel.send(text.getBytes(StandardCharsets.US_ASCII));
            channel.shutdownOutput();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            channel.getInputStream().transferTo(back);
            return back.toString(StandardCharsets.US_ASCII);
        } finally {
            channel.close();
        }
    }

    /** The {@code amiko:sessions} row of the connection that logged in as {@code user}. */
    private String sessionRow(String user) throws Exception {
        String sessions = fixture.command("sessions");
        List<String> rows = sessions.lines().filter(l -> l.split("\\s{2,}").length > 2
                && l.split("\\s{2,}")[2].equals(user)).toList();
        assertEquals(sessions, 1, rows.size());
        return rows.get(0);
    }

    /** The KEX column of an {@code amiko:sessions} row: columns are at least two spaces apart. */
    private static int keyExchanges(String row) {
        String[] columns = row.trim().split("\\s{2,}");
        return Integer.parseInt(columns[columns.length - 2]);
    }

    /** The first line of {@code text} holding all {@code parts}. */
    private static String line(String text, String... parts) {
        return text.lines().filter(l -> List.of(parts).stream().allMatch(l::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + List.of(parts) + " in\n" + text));
    }

    private static String provider(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private static java.util.function.Predicate<AlgorithmCatalog> offers(Bundle bundle) {
        return catalog -> catalog.find(AlgorithmFamily.CIPHER, TEST_CIPHER)
                .map(entry -> entry.provider().equals(provider(bundle))).orElse(false);
    }

    private static java.util.function.Predicate<AlgorithmCatalog> withdrawn() {
        return catalog -> catalog.find(AlgorithmFamily.CIPHER, TEST_CIPHER).isEmpty()
                && catalog.shadowed().stream().noneMatch(entry -> entry.name().equals(TEST_CIPHER));
    }

    private static String problem(AlgorithmCatalog catalog, String name) {
        return catalog.problems().stream().filter(p -> p.contains(name)).findFirst().orElse(null);
    }

    private static Dictionary<String, Object> subsystem(String name) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(SubsystemHandler.SUBSYSTEM, name);
        return properties;
    }
}
