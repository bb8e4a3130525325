// SPDX-License-Identifier: Apache-2.0
/**
 * The SFTP client, shaped after paramiko's {@code SFTPClient}, and the types client and server
 * share: attributes, status codes, open flags and the OpenSSH extensions. The protocol is SFTP
 * version 3 (draft-ietf-secsh-filexfer-02) as OpenSSH speaks it, with the extensions of OpenSSH
 * PROTOCOL section 4.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.sftp;
