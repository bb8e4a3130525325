// SPDX-License-Identifier: Apache-2.0
/** The convenience client: one object that connects, authenticates, runs commands and opens SFTP. */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.amiko.client;
