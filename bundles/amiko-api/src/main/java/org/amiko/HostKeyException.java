// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/** The server's host key was rejected or its signature over the exchange hash did not verify (RFC 4253 section 8). */
public class HostKeyException extends SshException {
    private static final long serialVersionUID = 1L;

    public HostKeyException(String message) {
        super(message);
    }
}
