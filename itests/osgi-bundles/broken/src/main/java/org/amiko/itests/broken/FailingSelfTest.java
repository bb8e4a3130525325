// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.broken;

import java.security.GeneralSecurityException;
import org.amiko.spi.SelfTesting;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code broken-selftest@amiko.org}: a cipher that works (it is the JDK pack's {@code aes128-ctr})
 * but whose known-answer test reports a mismatch, so only the self-test can be what keeps it out.
 */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "broken-selftest@amiko.org", preference = 100)
public final class FailingSelfTest implements CipherAlgorithm, SelfTesting {
    /** What the failure says, so a test can find it in the catalog's problems. */
    public static final String MESSAGE = "known answer mismatch (deliberate, amiko itest)";

    private final CipherAlgorithm delegate;

    @Activate
    public FailingSelfTest(@Reference(target = "(amiko.algorithm=aes128-ctr)") CipherAlgorithm delegate) {
        this.delegate = delegate;
    }

    @Override
    public void selfTest() throws GeneralSecurityException {
        throw new GeneralSecurityException(MESSAGE);
    }

    @Override
    public int keyLength() {
        return delegate.keyLength();
    }

    @Override
    public int ivLength() {
        return delegate.ivLength();
    }

    @Override
    public int blockSize() {
        return delegate.blockSize();
    }

    @Override
    public boolean isAuthenticated() {
        return delegate.isAuthenticated();
    }

    @Override
    public PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        return delegate.sealer(key, iv, mac);
    }

    @Override
    public PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        return delegate.opener(key, iv, mac);
    }
}
