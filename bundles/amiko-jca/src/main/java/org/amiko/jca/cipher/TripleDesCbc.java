// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code 3des-cbc}: three-key triple DES (encrypt-decrypt-encrypt) in CBC mode, with a 24-byte key
 * and an 8-byte block (RFC 4253 section 6.3). Insecure: its 64-bit block lets an observer recover
 * plaintext once some 2^32 blocks pass under one key (Sweet32, CVE-2016-2183), so the core re-keys
 * it at least every GiB, as OpenSSH does; for very old peers only.
 */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "3des-cbc", security = "insecure", preference = 100)
public final class TripleDesCbc extends MacFramedCipher {
    public TripleDesCbc() {
        super("3des-cbc", "DESede/CBC/NoPadding", "DESede", 24, 8, true);
    }
}
