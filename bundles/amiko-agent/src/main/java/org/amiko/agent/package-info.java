// SPDX-License-Identifier: Apache-2.0
/** ssh-agent client and agent forwarding (draft-miller-ssh-agent, OpenSSH PROTOCOL.agent). */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.amiko.agent;
