// SPDX-License-Identifier: Apache-2.0
/**
 * Test scope only: the contract tests that every Amiko algorithm plug-in and its bundle, built-in or
 * third-party, must pass, with the packet layout the core uses, a deterministic
 * {@link java.security.SecureRandom}, a reader for known-answer vector files, a runner for the
 * peer programs of interop tests, an echoing server for loopback tests and a recorder of what a
 * logger logs.
 */
module org.amiko.testkit {
    requires transitive java.logging;
    requires transitive org.amiko.spi;
    requires transitive org.amiko;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires static osgi.annotation;

    exports org.amiko.testkit;
}
