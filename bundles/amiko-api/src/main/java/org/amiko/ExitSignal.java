// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/**
 * The {@code exit-signal} a remote command ended with (RFC 4254 section 6.10).
 *
 * @param signal the name without the "SIG" prefix, e.g. {@code TERM}
 */
public record ExitSignal(String signal, boolean coreDumped, String message) {}
