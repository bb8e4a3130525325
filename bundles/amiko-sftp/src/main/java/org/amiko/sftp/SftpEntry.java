// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.util.Objects;

/**
 * One name of an {@code SSH_FXP_NAME} reply (draft-ietf-secsh-filexfer-02 section 7): a directory
 * entry, or the answer to {@code REALPATH}. paramiko's {@code SFTPAttributes} with its
 * {@code filename} and {@code longname}.
 *
 * @param filename the name, without directory for a directory entry
 * @param longName the {@code ls -l} line the server made, for display only (its format is not
 *     specified); may be empty
 * @param attributes whatever attributes the server sent, often those of {@code lstat}
 */
public record SftpEntry(String filename, String longName, SftpAttributes attributes) {
    public SftpEntry {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(attributes, "attributes");
    }
}
