// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.IOException;

/**
 * Root of Amiko's exceptions: something went wrong at the SSH protocol level. Subclasses say what
 * callers branch on. Messages name algorithms and peers and never contain key material or
 * passwords.
 */
public class SshException extends IOException {
    private static final long serialVersionUID = 1L;

    public SshException(String message) {
        super(message);
    }

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }
}
