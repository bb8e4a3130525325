// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.List;

/**
 * User authentication failed (RFC 4252 section 5.1): the method was refused or is not allowed.
 * {@link #getAllowedMethods()} lists what the server said can continue.
 */
public class AuthenticationException extends SshException {
    private static final long serialVersionUID = 1L;

    private final List<String> allowedMethods;

    public AuthenticationException(String message, List<String> allowedMethods) {
        super(message + (allowedMethods.isEmpty() ? "" : " (allowed: " + String.join(",", allowedMethods) + ")"));
        this.allowedMethods = List.copyOf(allowedMethods);
    }

    /** The methods the server allows to continue with. */
    public List<String> getAllowedMethods() {
        return allowedMethods;
    }
}
