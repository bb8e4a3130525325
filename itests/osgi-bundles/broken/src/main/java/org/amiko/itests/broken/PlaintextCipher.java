// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.broken;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;
import org.osgi.service.component.annotations.Component;

/**
 * {@code broken-plaintext@amiko.org}: a "cipher" that claims to authenticate and encrypt but leaves
 * every packet as it is. Sealing and opening agree with each other and it has no self-test, so
 * only the catalog's generic check that sealing changes the packet can keep it out.
 */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "broken-plaintext@amiko.org", preference = 100)
public final class PlaintextCipher implements CipherAlgorithm {

    @Override
    public int keyLength() {
        return 16;
    }

    @Override
    public int ivLength() {
        return 0;
    }

    @Override
    public int blockSize() {
        return 8;
    }

    @Override
    public boolean isAuthenticated() {
        return true;
    }

    @Override
    public PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) {
        return new PacketSealer() {
            @Override
            public int blockSize() {
                return 8;
            }

            @Override
            public boolean isLengthOutsidePadding() {
                return false;
            }

            @Override
            public int trailerLength() {
                return 0;
            }

            @Override
            public void seal(int sequence, byte[] packet, int offset, int length) {
                // deliberately nothing: the packet goes out as plaintext
            }
        };
    }

    @Override
    public PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) {
        return new PacketOpener() {
            @Override
            public int lengthBlockSize() {
                return 4;
            }

            @Override
            public int trailerLength() {
                return 0;
            }

            @Override
            public int blockSize() {
                return 8;
            }

            @Override
            public boolean isLengthOutsidePadding() {
                return false;
            }

            @Override
            public int packetLength(int sequence, byte[] buffer, int offset) {
                return ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
                        | ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
            }

            @Override
            public void open(int sequence, byte[] buffer, int offset, int length) {
                // nothing was sealed
            }
        };
    }
}
