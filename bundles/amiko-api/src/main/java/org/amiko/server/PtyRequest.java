// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

/**
 * A {@code pty-req} (RFC 4254 section 6.2).
 *
 * @param terminalModes the encoded terminal modes (section 8)
 */
public record PtyRequest(String term, int columns, int rows, int widthPixels, int heightPixels, byte[] terminalModes) {}
