// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.cipher.ranked;

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
 * A second provider of {@code aes128-ctr-test@amiko.org} (see the cipher test bundle), registered
 * with {@code service.ranking} 10 so that it wins over the first while both are present and leaves
 * the first shadowed. Counts the sealers and openers it hands out, so a test can prove which of the
 * two keyed a session; refuses new ones once deactivated.
 */
@Component(service = CipherAlgorithm.class, property = "service.ranking:Integer=10")
@SshAlgorithm(algorithm = "aes128-ctr-test@amiko.org", preference = 100)
public final class RankedAes128Ctr implements CipherAlgorithm, LongSupplier {
    private final CipherAlgorithm delegate;
    private final AtomicLong handedOut = new AtomicLong();
    private volatile boolean active = true;

    @Activate
    public RankedAes128Ctr(@Reference(target = "(amiko.algorithm=aes128-ctr)") CipherAlgorithm delegate) {
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
