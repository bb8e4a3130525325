// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.cipher;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code aes128-ctr-test@amiko.org}: the JDK pack's {@code aes128-ctr} under a wire name only this
 * bundle provides, so a test can tell from a handshake whether the bundle is present. Counts the
 * sealers and openers it hands out ({@link LongSupplier}), which shows that this implementation,
 * and not another provider of the name, keyed a session; refuses new ones once deactivated, so a
 * key exchange that used a stale catalog would fail loudly instead of passing unnoticed.
 */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes128-ctr-test@amiko.org", preference = 100)
public final class TestAes128Ctr implements CipherAlgorithm, LongSupplier {
    private final CipherAlgorithm delegate;
    private final AtomicLong handedOut = new AtomicLong();
    private volatile boolean active = true;

    @Activate
    public TestAes128Ctr(@Reference(target = "(amiko.algorithm=aes128-ctr)") CipherAlgorithm delegate) {
        this.delegate = delegate;
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    @Override
    public long getAsLong() {
        return handedOut.get();
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
        checkActive();
        handedOut.incrementAndGet();
        return delegate.sealer(key, iv, mac);
    }

    @Override
    public PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        checkActive();
        handedOut.incrementAndGet();
        return delegate.opener(key, iv, mac);
    }

    private void checkActive() throws GeneralSecurityException {
        if (!active) {
            throw new GeneralSecurityException("aes128-ctr-test@amiko.org was used after its bundle stopped");
        }
    }
}
