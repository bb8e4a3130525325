// SPDX-License-Identifier: Apache-2.0
/**
 * A plain application on the module path, as a user would write one: it needs the engine and the
 * key utilities, and names no algorithm module; those are found by {@link java.util.ServiceLoader}
 * through the {@code uses} of {@code org.amiko.core} and the {@code provides} of whatever plug-in
 * modules are on the path.
 */
module org.amiko.itests.jpms.app {
    requires org.amiko.core;
    requires org.amiko.keys;
}
