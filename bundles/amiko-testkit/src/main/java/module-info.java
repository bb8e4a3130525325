// SPDX-License-Identifier: Apache-2.0
/**
 * Test scope only: the contract tests that every Amiko algorithm plug-in, built-in or third-party,
 * must pass, with the packet layout the core uses, a deterministic {@link java.security.SecureRandom}
 * and a reader for known-answer vector files.
 */
module org.amiko.testkit {
    requires transitive org.amiko.spi;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires static osgi.annotation;

    exports org.amiko.testkit;
}
