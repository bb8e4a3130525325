// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.PacketLayout.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of a {@link CipherAlgorithm} and the framing it owns (RFC 4253 section 6; OpenSSH
 * PROTOCOL sections 1.6 and 1.7): packets laid out as the core does ({@link PacketLayout}) survive a
 * seal/open round trip at every size, any flipped bit is caught, and a dropped, replayed or
 * misnumbered packet does not open. Ciphers that need a MAC are tested with every MAC from
 * {@link #macs()}; for encrypt-then-MAC and AEAD framing, nothing may be decrypted before the packet
 * is verified.
 */
public abstract class CipherAlgorithmContract extends AlgorithmAnnotationContract {

    /** The cipher under test. */
    protected abstract CipherAlgorithm cipher();

    /** The MACs to pair an unauthenticated cipher with; ignored when it is authenticated. */
    protected List<MacAlgorithm> macs() {
        return List.of();
    }

    @Override
    protected final Class<?> algorithmClass() {
        return cipher().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return CipherAlgorithm.class;
    }

    /** Payload sizes for the round trip: 0 to 100 bytes one by one, then 32 KiB. */
    protected int[] payloadSizes() {
        int[] sizes = new int[102];
        for (int i = 0; i <= 100; i++) {
            sizes[i] = i;
        }
        sizes[101] = 32 * 1024;
        return sizes;
    }

    /** The MAC pairings, or the single MAC-less pairing for an authenticated cipher. */
    public Stream<Pairing> pairings() {
        if (cipher().isAuthenticated()) {
            return Stream.of(new Pairing(null));
        }
        List<MacAlgorithm> macs = macs();
        assertFalse(macs.isEmpty(), "an unauthenticated cipher needs macs() to be tested with");
        return macs.stream().map(Pairing::new);
    }

    @Test
    public void declaresSaneSizes() {
        CipherAlgorithm cipher = cipher();
        assertTrue(cipher.keyLength() > 0, "keyLength");
        assertTrue(cipher.ivLength() >= 0, "ivLength");
        assertTrue(cipher.blockSize() >= 8, "RFC 4253 section 6: block size at least 8");
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void sealerAndOpenerAgreeOnFraming(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 1);
        PacketSealer sealer = keys.sealer();
        PacketOpener opener = keys.opener();
        assertEquals(cipher().blockSize(), sealer.blockSize(), "sealer block size");
        assertEquals(cipher().blockSize(), opener.blockSize(), "opener block size");
        assertEquals(sealer.isLengthOutsidePadding(), opener.isLengthOutsidePadding(), "isLengthOutsidePadding");
        assertEquals(sealer.trailerLength(), opener.trailerLength(), "trailerLength");
        assertTrue(opener.lengthBlockSize() >= 4 && opener.lengthBlockSize() <= PacketLayout.MIN_PACKET,
                "lengthBlockSize " + opener.lengthBlockSize());
        if (pairing.mac() == null) {
            assertTrue(sealer.trailerLength() > 0, "an authenticated cipher appends a tag");
        } else {
            assertTrue(sealer.trailerLength() >= pairing.mac().macLength(), "the trailer holds the MAC");
            assertEquals(pairing.mac().isEncryptThenMac(), sealer.isLengthOutsidePadding(),
                    "encrypt-then-MAC leaves the length outside the padding (PROTOCOL 1.7), encrypt-and-MAC not");
        }
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void roundTripsEveryPayloadSize(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 2);
        PacketSealer sealer = keys.sealer();
        PacketOpener opener = keys.opener();
        FixedRandom random = new FixedRandom(3);
        int sequence = -20; // crosses the 2^32 wrap of the unsigned sequence number
        for (int size : payloadSizes()) {
            byte[] payload = random.bytes(size);
            Packet packet = PacketLayout.lay(payload, sealer, 1 + size % 7, random);
            byte[] plain = packet.buffer().clone();
            byte[] buffer = packet.buffer();
            int offset = packet.offset();
            sealer.seal(sequence, buffer, offset, packet.length());
            assertTrue(packet.untouchedOutside(), "seal wrote outside packet and trailer, payload " + size);
            assertFalse(Arrays.equals(plain, offset + 4, offset + packet.length(),
                    buffer, offset + 4, offset + packet.length()), "packet not encrypted, payload " + size);

            int packetLength = opener.packetLength(sequence, buffer, offset);
            assertEquals(packet.packetLength(), packetLength, "packet_length read back, payload " + size);
            int aligned = opener.isLengthOutsidePadding() ? packetLength : packetLength + 4;
            assertEquals(0, aligned % Math.max(8, opener.blockSize()), "alignment the core will check");
            opener.open(sequence, buffer, offset, packet.length());
            assertArrayEquals(payload, packet.payload(), "payload after round trip, size " + size);
            assertTrue(packet.untouchedOutside(), "open wrote outside packet and trailer, payload " + size);
            sequence++;
        }
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void detectsEveryFlippedByte(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 4);
        Packet sealed = sealOne(keys.sealer(), 40, 9);
        int offset = sealed.offset();
        for (int i = 0; i < sealed.length() + sealed.trailerLength(); i++) {
            byte[] buffer = sealed.buffer().clone();
            buffer[offset + i] ^= (byte) (1 << (i % 8));
            byte[] tampered = buffer.clone();
            PacketOpener opener = keys.opener();
            int index = i;
            assertThrows(GeneralSecurityException.class, () -> {
                opener.packetLength(9, buffer, offset);
                opener.open(9, buffer, offset, sealed.length());
            }, () -> "flipped bit in byte " + index + " of the packet was not detected");
            if (opener.isLengthOutsidePadding()) {
                int from = offset + opener.lengthBlockSize();
                int to = offset + sealed.length();
                assertTrue(Arrays.equals(tampered, from, to, buffer, from, to),
                        "ciphertext decrypted before verification (flipped byte " + i + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void rejectsAnotherSequenceNumber(Pairing pairing) throws GeneralSecurityException {
        assumeFalse(cipher().isAuthenticated(), "an AEAD cipher binds the packet order through its nonce");
        DirectionKeys keys = new DirectionKeys(pairing, 5);
        Packet sealed = sealOne(keys.sealer(), 30, 7);
        assertThrows(GeneralSecurityException.class, () -> openOne(keys.opener(), sealed, 8));
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void rejectsDroppedPacket(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 6);
        PacketSealer sealer = keys.sealer();
        sealOne(sealer, 30, 0);
        Packet second = sealOne(sealer, 30, 1);
        // The receiver never saw the first packet, so it numbers the second 0.
        assertThrows(GeneralSecurityException.class, () -> openOne(keys.opener(), second, 0));
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void rejectsReplayedPacket(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 7);
        Packet first = sealOne(keys.sealer(), 30, 0);
        byte[] copy = first.buffer().clone();
        PacketOpener opener = keys.opener();
        openOne(opener, first, 0);
        Packet replay = new Packet(copy, first.offset(), first.length(), first.trailerLength());
        assertThrows(GeneralSecurityException.class, () -> openOne(opener, replay, 1));
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void rejectsAnotherKey(Pairing pairing) throws GeneralSecurityException {
        Packet sealed = sealOne(new DirectionKeys(pairing, 8).sealer(), 30, 0);
        assertThrows(GeneralSecurityException.class, () -> openOne(new DirectionKeys(pairing, 9).opener(), sealed, 0));
    }

    @ParameterizedTest
    @MethodSource("pairings")
    public void sealsDeterministically(Pairing pairing) throws GeneralSecurityException {
        DirectionKeys keys = new DirectionKeys(pairing, 10);
        PacketSealer one = keys.sealer();
        PacketSealer two = keys.sealer();
        for (int sequence = 0; sequence < 3; sequence++) {
            assertArrayEquals(sealOne(one, 50, sequence).wireBytes(), sealOne(two, 50, sequence).wireBytes(),
                    "same keys, same packets, packet " + sequence);
        }
    }

    @Test
    public void rejectsKeyOfWrongLength() throws GeneralSecurityException {
        CipherAlgorithm cipher = cipher();
        MacAlgorithm mac = cipher.isAuthenticated() ? null : pairings().findFirst().orElseThrow().mac();
        byte[] iv = new byte[cipher.ivLength()];
        byte[] shortKey = new byte[cipher.keyLength() - 1];
        assertThrows(GeneralSecurityException.class,
                () -> cipher.sealer(shortKey, iv, mac == null ? null : mac.newMac(new byte[mac.keyLength()])));
        assertThrows(GeneralSecurityException.class,
                () -> cipher.opener(shortKey, iv, mac == null ? null : mac.newMac(new byte[mac.keyLength()])));
    }

    /** Lays out and seals one packet with a payload of {@code size} pseudo-random bytes. */
    protected static Packet sealOne(PacketSealer sealer, int size, int sequence) throws GeneralSecurityException {
        FixedRandom random = new FixedRandom(size * 31L + sequence);
        Packet packet = PacketLayout.lay(random.bytes(size), sealer, 5, random);
        sealer.seal(sequence, packet.buffer(), packet.offset(), packet.length());
        return packet;
    }

    /**
     * Opens one packet as the core does, length first, then the whole packet as it was sealed (a
     * tampered length may read back as garbage, which the core would refuse or wait for); returns the
     * payload.
     */
    protected static byte[] openOne(PacketOpener opener, Packet packet, int sequence) throws GeneralSecurityException {
        opener.packetLength(sequence, packet.buffer(), packet.offset());
        opener.open(sequence, packet.buffer(), packet.offset(), packet.length());
        return packet.payload();
    }

    /** One MAC pairing; {@code mac} is null for an authenticated cipher. */
    public record Pairing(MacAlgorithm mac) {
        @Override
        public String toString() {
            if (mac == null) {
                return "no MAC";
            }
            SshAlgorithm names = mac.getClass().getAnnotation(SshAlgorithm.class);
            return names == null ? mac.getClass().getSimpleName() : names.algorithm()[0];
        }
    }

    /** Keys for one direction, drawn from a fixed seed; each call makes a fresh sealer or opener. */
    protected final class DirectionKeys {
        private final MacAlgorithm mac;
        private final byte[] key;
        private final byte[] iv;
        private final byte[] macKey;

        protected DirectionKeys(Pairing pairing, long seed) {
            FixedRandom random = new FixedRandom(seed);
            this.mac = pairing.mac();
            this.key = random.bytes(cipher().keyLength());
            this.iv = random.bytes(cipher().ivLength());
            this.macKey = mac == null ? null : random.bytes(mac.keyLength());
        }

        public PacketSealer sealer() throws GeneralSecurityException {
            return cipher().sealer(key.clone(), iv.clone(), mac == null ? null : mac.newMac(macKey.clone()));
        }

        public PacketOpener opener() throws GeneralSecurityException {
            return cipher().opener(key.clone(), iv.clone(), mac == null ? null : mac.newMac(macKey.clone()));
        }
    }
}
