// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import org.amiko.core.internal.io.IoLoop;
import org.amiko.core.internal.io.Workers;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Ends the engine's shared threads (selector loops, worker pool, timer) when its bundle stops, so
 * that updating or refreshing amiko-core leaves nothing running the old classes. Outside OSGi it
 * is never instantiated and the threads, being daemons, end with the JVM.
 */
@Component(service = {}, immediate = true)
public final class EngineLifecycle {

    @Deactivate
    void stop() {
        IoLoop.shutdownAll();
        Workers.shutdown();
    }
}
