// SPDX-License-Identifier: Apache-2.0
package org.apache.karaf.jaas.modules.publickey;

import java.security.PublicKey;
import javax.security.auth.callback.Callback;

/**
 * For tests: the shape of Karaf 4.4's callback by which its realms ask for a key (in its
 * org.apache.karaf.jaas.modules bundle, which these tests do not have): Amiko answers it by name.
 */
public class PublickeyCallback implements Callback {
    private PublicKey publicKey;

    public PublicKey getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(PublicKey publicKey) {
        this.publicKey = publicKey;
    }
}
