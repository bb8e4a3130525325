// SPDX-License-Identifier: Apache-2.0
/**
 * Contract tests for algorithm plug-ins (ciphers, MACs, key exchanges, signatures) and the fixtures
 * they share. A plug-in's test extends the contract and supplies the instance under test.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.testkit;
