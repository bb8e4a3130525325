// SPDX-License-Identifier: Apache-2.0
/**
 * The Amiko client and connection API, shaped after paramiko's Transport and Channel (RFC 4251-4254).
 */
@org.osgi.annotation.versioning.Version("1.8.0")
package org.amiko;
