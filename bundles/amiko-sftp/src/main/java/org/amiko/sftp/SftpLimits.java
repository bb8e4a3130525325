// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

/**
 * The reply to {@code limits@openssh.com} (OpenSSH PROTOCOL section 4.8). Zero means the server
 * enforces no specific limit.
 *
 * @param maxPacketLength the largest SFTP packet, in bytes
 * @param maxReadLength the largest length the server returns for one {@code SSH_FXP_READ}
 * @param maxWriteLength the largest data of one {@code SSH_FXP_WRITE} the server accepts
 * @param maxOpenHandles how many files and directories may be open at once
 */
public record SftpLimits(long maxPacketLength, long maxReadLength, long maxWriteLength, long maxOpenHandles) {}
