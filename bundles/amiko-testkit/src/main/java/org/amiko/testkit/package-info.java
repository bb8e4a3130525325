// SPDX-License-Identifier: Apache-2.0
/**
 * Contract tests for algorithm plug-ins (ciphers, MACs, key exchanges, signatures) and for the
 * descriptors of the bundles that hold them, with the fixtures they share. A plug-in's test extends
 * the contract and supplies what is under test. {@link org.amiko.testkit.PeerProcess} runs the peer
 * programs of interop tests.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.testkit;
