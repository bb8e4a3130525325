// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/** One keyboard-interactive prompt (RFC 4256 section 3.2). */
public record Prompt(String text, boolean echo) {}
