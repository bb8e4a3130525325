// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.spi.wire.WireReader;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of a {@link KexAlgorithm} in its KEM shape: client and server arrive at the same
 * {@code K}, encoded as it is hashed (an RFC 4251 mpint, or a string for KEM hybrids), fresh for each
 * exchange; and both sides refuse malformed or unsafe peer values (wrong length, all zero) with a
 * {@link GeneralSecurityException} (RFC 8731 section 3, RFC 5656 section 4, RFC 4253 section 8).
 */
public abstract class KexAlgorithmContract extends AlgorithmAnnotationContract {

    /** The key exchange under test. */
    protected abstract KexAlgorithm kex();

    /** Whether {@code K} is an mpint (classic exchanges) rather than a string (KEM hybrids). */
    protected boolean sharedSecretIsMpint() {
        return true;
    }

    /**
     * Whether public values have one fixed length (points, KEM ciphertexts), so that a shortened one
     * must fail; false for finite-field Diffie-Hellman, whose mpint bodies vary in length.
     */
    protected boolean publicValuesHaveFixedLength() {
        return true;
    }

    /**
     * The registered class: by default that of {@link #kex()}; a group exchange, whose exchange
     * under test is the one in a group ({@code GroupExchangeAlgorithm.inGroup}), names its own.
     */
    @Override
    protected Class<?> algorithmClass() {
        return kex().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return KexAlgorithm.class;
    }

    @Test
    public void namesAnAvailableDigest() {
        assertDoesNotThrow(() -> MessageDigest.getInstance(kex().digestAlgorithm()));
    }

    @Test
    public void clientAndServerAgree() throws GeneralSecurityException, IOException {
        KexAlgorithm kex = kex();
        ClientKex client = kex.newClient(new FixedRandom(1));
        Encapsulation server = kex.encapsulate(client.publicValue(), new FixedRandom(2));
        byte[] clientSecret = client.decapsulate(server.serverPublic());
        assertArrayEquals(server.sharedSecret(), clientSecret, "K differs between client and server");
        assertWellFormed(clientSecret);
    }

    @Test
    public void eachExchangeIsFresh() throws GeneralSecurityException {
        KexAlgorithm kex = kex();
        ClientKex first = kex.newClient(new FixedRandom(3));
        ClientKex second = kex.newClient(new FixedRandom(4));
        assertFalse(Arrays.equals(first.publicValue(), second.publicValue()), "client values repeat");
        Encapsulation one = kex.encapsulate(first.publicValue(), new FixedRandom(5));
        Encapsulation two = kex.encapsulate(first.publicValue(), new FixedRandom(6));
        assertFalse(Arrays.equals(one.sharedSecret(), two.sharedSecret()), "server secrets repeat");
    }

    /** Malformed peer values: empty, too long, all zero, and (for fixed lengths) one byte short. */
    public Stream<Named<byte[]>> malformedPeerValues() throws GeneralSecurityException {
        byte[] good = kex().newClient(new FixedRandom(7)).publicValue();
        List<Named<byte[]>> values = new ArrayList<>();
        values.add(Named.of("empty", new byte[0]));
        values.add(Named.of("all zero", new byte[good.length]));
        byte[] tooLong = new byte[good.length * 2 + 1];
        Arrays.fill(tooLong, (byte) 0x7f);
        values.add(Named.of("far too long", tooLong));
        if (publicValuesHaveFixedLength()) {
            values.add(Named.of("one byte short", Arrays.copyOf(good, good.length - 1)));
            values.add(Named.of("one byte long", Arrays.copyOf(good, good.length + 1)));
        }
        return values.stream();
    }

    @ParameterizedTest
    @MethodSource("malformedPeerValues")
    public void serverRejectsMalformedClientValue(byte[] value) {
        assertThrows(GeneralSecurityException.class, () -> kex().encapsulate(value, new FixedRandom(8)));
    }

    @ParameterizedTest
    @MethodSource("malformedPeerValues")
    public void clientRejectsMalformedServerValue(byte[] value) throws GeneralSecurityException {
        ClientKex client = kex().newClient(new FixedRandom(9));
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(value));
    }

    @Test
    public void sharedSecretIsNotSentInTheClear() throws GeneralSecurityException {
        ClientKex client = kex().newClient(new FixedRandom(10));
        Encapsulation server = kex().encapsulate(client.publicValue(), new FixedRandom(11));
        assertNotEquals(0, client.publicValue().length);
        assertFalse(Arrays.equals(server.serverPublic(), server.sharedSecret()), "the secret is sent in the clear");
    }

    /** Checks that {@code k} is one string or mpint and nothing else; an mpint must be positive and minimal. */
    protected void assertWellFormed(byte[] k) throws IOException {
        WireReader reader = new WireReader(k);
        byte[] body = reader.readString();
        reader.expectEnd("K");
        assertTrue(body.length > 0, "K is empty");
        if (sharedSecretIsMpint()) {
            assertTrue(new BigInteger(body).signum() > 0, "K must be a positive mpint");
            boolean needlessZero = body.length > 1 && body[0] == 0 && (body[1] & 0x80) == 0;
            assertFalse(needlessZero, "mpint K has a needless leading zero (RFC 4251 section 5)");
        }
    }
}
