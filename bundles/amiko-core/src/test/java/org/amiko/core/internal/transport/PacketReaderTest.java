// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.jca.cipher.Aes128Cbc;
import org.amiko.jca.cipher.Aes128Ctr;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binary packet framing before keys (RFC 4253 section 6): every length is checked before use. */
class PacketReaderTest {
    private static final int LIMIT = 256 * 1024;

    private static ByteBuffer header(int packetLength, int padding) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        buffer.putInt(packetLength).put((byte) padding).flip();
        return buffer;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, -1, LIMIT + 8, Integer.MAX_VALUE})
    void impossibleLengthsDisconnectBeforeAnyAllocation(int length) {
        PacketReader reader = new PacketReader(LIMIT);
        DisconnectException e = assertThrows(DisconnectException.class, () -> reader.read(header(length, 4)));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
    }

    @Test
    void lengthOffTheBlockSizeIsRefused() {
        // 4 + 13 = 17 is not a multiple of 8
        assertThrows(DisconnectException.class, () -> new PacketReader(LIMIT).read(header(13, 4)));
    }

    @Test
    void paddingLongerThanThePacketIsRefused() throws Exception {
        PacketReader reader = new PacketReader(LIMIT);
        ByteBuffer packet = ByteBuffer.allocate(16);
        packet.putInt(12).put((byte) 200).put(new byte[11]).flip();
        DisconnectException e = assertThrows(DisconnectException.class, () -> reader.read(packet));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
    }

    @Test
    void paddingShorterThanFourIsRefused() {
        PacketReader reader = new PacketReader(LIMIT);
        ByteBuffer packet = ByteBuffer.allocate(16);
        packet.putInt(12).put((byte) 3).put(new byte[11]).flip();
        assertThrows(DisconnectException.class, () -> reader.read(packet));
    }

    @Test
    void framingInPlaceReadsBackAndFallsBackWhenTheBufferIsShort() throws Exception {
        PacketWriter writer = new PacketWriter(new SecureRandom());
        PacketReader reader = new PacketReader(LIMIT);
        for (int tail : new int[] {PacketWriter.TAILROOM, 0}) {
            byte[] buffer = new byte[PacketWriter.HEADROOM + 1000 + tail];
            buffer[PacketWriter.HEADROOM] = (byte) SshMessage.CHANNEL_DATA;
            buffer[PacketWriter.HEADROOM + 999] = 42;
            PacketWriter.Frame frame = writer.frameInPlace(buffer, 1000);
            assertEquals(tail > 0, frame.bytes() == buffer, "in place only with room to spare");
            Packet packet = reader.read(ByteBuffer.wrap(frame.bytes(), 0, frame.length()));
            assertEquals(1000, packet.length());
            assertEquals(42, packet.data()[packet.offset() + 999]);
        }
    }

    @Test
    void writerOutputReadsBackAcrossSplitsWithSequenceNumbers() throws Exception {
        PacketWriter writer = new PacketWriter(new SecureRandom());
        PacketReader reader = new PacketReader(LIMIT);
        byte[][] payloads = {{SshMessage.IGNORE}, new byte[100], new byte[70_000]};
        payloads[1][0] = SshMessage.DEBUG;
        payloads[2][0] = (byte) SshMessage.GLOBAL_REQUEST;
        for (int i = 0; i < payloads.length; i++) {
            byte[] wire = writer.write(payloads[i], 0, payloads[i].length);
            assertEquals(0, wire.length % 8);
            // feed in awkward slices
            Packet packet = null;
            for (int offset = 0; offset < wire.length; offset += 7) {
                Packet read = reader.read(ByteBuffer.wrap(wire, offset, Math.min(7, wire.length - offset)));
                if (offset + 7 < wire.length) {
                    assertNull(read);
                } else {
                    packet = read;
                }
            }
            assertArrayEquals(payloads[i], packet.payload());
            assertEquals(i, packet.sequence());
        }
    }

    /**
     * The array of a packet whose data was read to the end comes back for the next packet of its
     * length, which overwrites all of it; an idle tick drops it, and another length does not use it.
     */
    @Test
    void anArrayGivenBackCarriesTheNextPacketOfItsLength() throws Exception {
        PacketWriter writer = new PacketWriter(new SecureRandom());
        PacketReader reader = new PacketReader(LIMIT);
        byte[] first = new byte[8000];
        first[0] = SshMessage.IGNORE;
        Arrays.fill(first, 1, first.length, (byte) 0x55);
        byte[] second = new byte[8000];
        second[0] = SshMessage.DEBUG;
        Packet one = reader.read(ByteBuffer.wrap(writer.write(first, 0, first.length)));
        reader.offerSpare(one.data());

        Packet two = reader.read(ByteBuffer.wrap(writer.write(second, 0, second.length)));
        assertSame(one.data(), two.data());
        assertArrayEquals(second, two.payload());
        assertEquals(1, two.sequence());

        // given back again, then a tick with no packet started: dropped
        reader.offerSpare(two.data());
        reader.trimSpares();
        reader.trimSpares();
        Packet three = reader.read(ByteBuffer.wrap(writer.write(second, 0, second.length)));
        assertNotSame(two.data(), three.data());
        // a small packet between two of its length leaves a kept array alone
        reader.offerSpare(three.data());
        Packet small = reader.read(ByteBuffer.wrap(writer.write(new byte[] {SshMessage.IGNORE}, 0, 1)));
        assertNotSame(three.data(), small.data());
        Packet four = reader.read(ByteBuffer.wrap(writer.write(second, 0, second.length)));
        assertSame(three.data(), four.data());
        assertArrayEquals(second, four.payload());
    }

    private static PacketReader keyed(PacketOpener opener) {
        return keyed(opener, LIMIT);
    }

    private static PacketReader keyed(PacketOpener opener, int limit) {
        PacketReader reader = new PacketReader(limit);
        reader.setOpener(opener, null, false);
        return reader;
    }

    /**
     * A packet of 48 bytes whose {@code packet_length} field says {@code length}, sealed with a zero
     * key and MAC key, then followed by junk up to past 256 KiB; with {@code badMac} its MAC is damaged.
     */
    private static byte[] sealedThenJunk(PacketSealer sealer, int length, boolean badMac)
            throws GeneralSecurityException {
        byte[] input = new byte[4 * LIMIT];
        ByteBuffer.wrap(input).putInt(length).put((byte) 4);
        sealer.seal(0, input, 0, 48);
        if (badMac) {
            input[48] ^= 1;
        }
        for (int i = 48 + 32; i < input.length; i++) {
            input[i] = (byte) (i * 31);
        }
        return input;
    }

    /**
     * The disconnect's text, which goes to the peer, does not repeat a length decrypted out of the
     * first block: under CBC it would tell an attacker what an injected block decrypts to. A length
     * that came in the clear (before keys, etm, AEAD) is said.
     */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 45})
    void aDecryptedLengthIsNotToldToThePeer(int length) throws GeneralSecurityException {
        byte[] key = new byte[16];
        byte[] macKey = new byte[32];
        byte[] input = sealedThenJunk(new Aes128Cbc().sealer(key, key, new HmacSha2256().newMac(macKey)), length, false);
        PacketReader reader = keyed(new Aes128Cbc().opener(key, key, new HmacSha2256().newMac(macKey)));
        DisconnectException failure = assertThrows(DisconnectException.class, () -> {
            for (int offset = 0; offset < input.length; offset += 1000) {
                reader.read(ByteBuffer.wrap(input, offset, Math.min(1000, input.length - offset)));
            }
        });
        assertFalse(failure.getDescription().contains(Integer.toUnsignedString(length)), failure.getDescription());
        DisconnectException clear = assertThrows(DisconnectException.class,
                () -> new PacketReader(LIMIT).read(header(length, 4)));
        assertTrue(clear.getDescription().contains(Integer.toUnsignedString(length)), clear.getDescription());
    }

    /**
     * Feeds {@code input} 1000 bytes at a time; returns how many were taken when the reader gave up,
     * for the failure {@code reason}. A failure held through a discard reaches the peer as one and
     * the same MAC error, "packet corrupt", with {@code reason}'s failure as its cause.
     */
    private static int bytesUntilFailure(PacketReader reader, byte[] input, DisconnectReason reason) {
        for (int offset = 0; offset < input.length; offset += 1000) {
            ByteBuffer slice = ByteBuffer.wrap(input, offset, Math.min(1000, input.length - offset));
            try {
                assertNull(reader.read(slice), "no packet out of a damaged one");
            } catch (IOException e) {
                DisconnectException failure = (DisconnectException) e;
                DisconnectException why = failure.getCause() instanceof DisconnectException held ? held : failure;
                assertEquals(reason, why.getReason(), e.getMessage());
                if (why != failure) {
                    assertEquals(DisconnectReason.MAC_ERROR, failure.getReason());
                    assertEquals("packet corrupt", failure.getDescription());
                }
                return slice.position();
            }
            assertEquals(slice.limit(), slice.position(), "a waiting reader takes everything it is given");
        }
        throw new AssertionError("the reader never failed");
    }

    /**
     * With CBC and a MAC over the plaintext, a peer can always send 256 KiB from a bad packet's start
     * before the connection ends, whether its first block decrypts to an impossible length, to one
     * off the block size, or to a plausible one whose MAC then fails (OpenSSH's
     * {@code ssh_packet_start_discard}): injected blocks tell an attacker nothing about what they
     * decrypt to. Counter mode needs no such cover, and fails at once.
     */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, LIMIT + 12, 3, 45, 44})
    void cbcFailuresAllTakeTheSameNumberOfBytes(int length) throws GeneralSecurityException {
        byte[] key = new byte[16];
        byte[] macKey = new byte[32];
        boolean plausible = length == 44;
        DisconnectReason reason = plausible ? DisconnectReason.MAC_ERROR : DisconnectReason.PROTOCOL_ERROR;

        byte[] cbc = sealedThenJunk(new Aes128Cbc().sealer(key, key, new HmacSha2256().newMac(macKey)), length,
                plausible);
        PacketReader cbcReader = keyed(new Aes128Cbc().opener(key, key, new HmacSha2256().newMac(macKey)));
        // past the largest packet the reader takes: 256 KiB of packet_length, its field and a MAC
        assertEquals(4 + LIMIT + 32, bytesUntilFailure(cbcReader, cbc, reason));

        // with a higher limit, a plausible length up to it is read before its MAC fails: the bytes
        // dropped reach past the limit, so that one is not told from the others either
        boolean plausibleThere = plausible || length == LIMIT + 12;
        byte[] cbcAgain = sealedThenJunk(new Aes128Cbc().sealer(key, key, new HmacSha2256().newMac(macKey)),
                plausible ? 2 * LIMIT - 4 : length, plausible);
        PacketReader higherLimit = keyed(new Aes128Cbc().opener(key, key, new HmacSha2256().newMac(macKey)), 2 * LIMIT);
        assertEquals(4 + 2 * LIMIT + 32, bytesUntilFailure(higherLimit, cbcAgain,
                plausibleThere ? DisconnectReason.MAC_ERROR : DisconnectReason.PROTOCOL_ERROR));

        byte[] ctr = sealedThenJunk(new Aes128Ctr().sealer(key, key, new HmacSha2256().newMac(macKey)), length,
                plausible);
        PacketReader ctrReader = keyed(new Aes128Ctr().opener(key, key, new HmacSha2256().newMac(macKey)));
        assertEquals(plausible ? 4 + 44 + 32 : 16, bytesUntilFailure(ctrReader, ctr, reason));
    }

    /**
     * An opener that asks for 1024 bytes to be dropped after a failure, refuses every packet's MAC,
     * and records how many bytes each open was asked to check.
     */
    private static final class RecordingOpener implements PacketOpener {
        final List<Integer> checked = new ArrayList<>();

        @Override
        public int lengthBlockSize() {
            return 8;
        }

        @Override
        public int trailerLength() {
            return 16;
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
            return ByteBuffer.wrap(buffer, offset, 4).getInt();
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checked.add(length);
            throw new javax.crypto.AEADBadTagException("refused");
        }

        @Override
        public int discardOnError() {
            return 1024;
        }
    }

    /**
     * After the discard the MAC runs over dummy bytes as long as what the failed packet's MAC did
     * not cover, as OpenSSH's ssh_packet_stop_discard: a refused length and a failed MAC cost the
     * same MAC work, 1024 bytes here.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 100})
    void theMacWorkIsTheSameForEveryFailure(int length) {
        RecordingOpener opener = new RecordingOpener();
        PacketReader reader = new PacketReader(512);
        reader.setOpener(opener, null, false);
        byte[] input = new byte[2048];
        ByteBuffer.wrap(input).putInt(length);
        DisconnectReason reason = length == 100 ? DisconnectReason.MAC_ERROR : DisconnectReason.PROTOCOL_ERROR;
        assertEquals(1024, bytesUntilFailure(reader, input, reason));
        assertEquals(length == 100 ? List.of(104, 920) : List.of(1024), opener.checked);
        assertEquals(1024, opener.checked.stream().mapToInt(Integer::intValue).sum());
    }
}
