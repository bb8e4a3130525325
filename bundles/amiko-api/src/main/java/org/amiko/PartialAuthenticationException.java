// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.List;

/**
 * A method succeeded but the server wants more (RFC 4252 section 5.1, partial success), and the
 * convenience call that got it has no further credential to offer.
 */
public class PartialAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public PartialAuthenticationException(List<String> methodsLeft) {
        super("partial success, further authentication required", methodsLeft);
    }
}
