// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.IOException;
import java.security.PublicKey;

/**
 * Signs for publickey or hostbased authentication (RFC 4252 sections 7 and 9) when the private key
 * is held elsewhere, typically by an ssh-agent (draft-miller-ssh-agent section 4.5).
 */
@FunctionalInterface
public interface PublicKeySigner {
    /**
     * @param algorithm the signature algorithm the server will verify, e.g. {@code rsa-sha2-512}
     * @return the SSH signature blob ({@code string algorithm || string signature})
     */
    byte[] sign(PublicKey key, String algorithm, byte[] data) throws IOException;
}
