// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.amiko.Transport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Replacing the engine bundle in a running framework, as an update of amiko-core does (uninstall,
 * then refresh), must not leave the old engine running: its selector and timer threads would keep
 * the uninstalled bundle's class loader, and every later update would add more of them. A framework
 * of its own, since the test takes the engine away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineBundleLifecycleTest {
    /** The engine's long-lived threads (IoLoop selectors and the timer); idle pool workers expire by themselves. */
    private static final List<String> ENGINE_THREADS = List.of("amiko-io-", "amiko-timer-");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() throws Exception {
        return FelixSetup.configuration();
    }

    /**
     * After a session has run, amiko-core is uninstalled and the framework refreshed: within five
     * seconds no thread that this engine started may still be alive.
     */
    @Test
    public void uninstalledEngineLeavesNoThreadsBehind() throws Exception {
        // threads of engines in frameworks that ran before this one in the same JVM are not ours
        Set<Thread> before = engineThreads();
        ServerFixture fixture = new ServerFixture(context);
        try (Transport transport = new TestClient(fixture).login("lifecycle")) {
            assertTrue(transport.isAuthenticated());
        }
        Set<Thread> started = engineThreads();
        started.removeAll(before);
        assertFalse("the engine served a session without a thread of its own?", started.isEmpty());

        // the server goes first, as in an orderly update; the refresh would otherwise try to restart it
        // without an engine and log why it cannot
        fixture.bundle("org.amiko.sshd").stop();
        Bundle core = fixture.bundle("org.amiko.core");
        core.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("the framework did not finish refreshing", refreshed.await(ServerFixture.TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS));
        assertEquals(Bundle.UNINSTALLED, core.getState());

        // a thread's end has no event to wait on: poll with a deadline
        Duration grace = Duration.ofSeconds(5);
        long deadline = System.nanoTime() + grace.toNanos();
        started.removeIf(thread -> !thread.isAlive());
        while (!started.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            started.removeIf(thread -> !thread.isAlive());
        }
        if (!started.isEmpty()) {
            fail("amiko-core was uninstalled and the framework refreshed, but " + grace.toSeconds()
                    + " s later the engine's threads still run and hold the old bundle's class loader: "
                    + started.stream().map(EngineBundleLifecycleTest::describe).collect(Collectors.joining("; ")));
        }
    }

    private static Set<Thread> engineThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (ENGINE_THREADS.stream().anyMatch(thread.getName()::startsWith)) {
                threads.add(thread);
            }
        }
        return threads;
    }

    private static String describe(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        String where = "";
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("org.amiko.")) {
                where = " in " + frame.getClassName() + "." + frame.getMethodName();
                break;
            }
        }
        return thread.getName() + " (" + thread.getState() + where + ")";
    }
}
