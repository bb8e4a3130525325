// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PublicKeyLineTest {
    static final List<String> PUBLIC_KEYS = Fixtures.PUBLIC_KEYS;

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void fixtureLinesParseAndFormatBackUnchanged(String fixture) throws GeneralSecurityException {
        String text = Fixtures.publicLine(fixture);
        PublicKeyLine line = PublicKeyLine.parse(text);
        assertEquals(text.split(" ")[0], line.keyType());
        assertEquals("amiko fixture " + fixture, line.comment());
        assertEquals(text, line.format());
        assertEquals(line, PublicKeyLine.of(line.publicKey(), line.comment()));
    }

    @Test
    void commentIsOptionalAndFieldsMaySitBetweenTabsAndSpaces() throws GeneralSecurityException {
        String[] parts = Fixtures.publicLine("ed25519").split(" ");
        PublicKeyLine bare = PublicKeyLine.parse(parts[0] + " " + parts[1]);
        assertEquals("", bare.comment());
        assertEquals(parts[0] + " " + parts[1], bare.format());
        PublicKeyLine spaced = PublicKeyLine.parse("  " + parts[0] + "\t " + parts[1] + " \t a  b  \n");
        assertEquals("a  b", spaced.comment());
        assertArrayEquals(bare.blob(), spaced.blob());
    }

    @Test
    void ofMakesALineThatParsesToTheSameKey() throws GeneralSecurityException {
        for (String type : new String[] {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521"}) {
            KeyPair pair = KeyPairs.generate(type);
            PublicKeyLine line = PublicKeyLine.of(pair.getPublic(), "user@host");
            PublicKeyLine parsed = PublicKeyLine.parse(line.format());
            assertEquals(line, parsed);
            assertEquals(pair.getPublic(), parsed.publicKey());
            assertTrue(line.format().startsWith(type + " AAAA"));
            assertTrue(line.format().endsWith(" user@host"));
        }
    }

    @Test
    void blobIsCopiedInAndOut() throws GeneralSecurityException {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine("ed25519"));
        byte[] blob = line.blob();
        blob[blob.length - 1] ^= 1;
        assertNotEquals(blob[blob.length - 1], line.blob()[blob.length - 1]);
    }

    @Test
    void badLinesAreRefusedWithAClearException() {
        String[] parts = Fixtures.publicLine("ed25519").split(" ");
        String rsaBase64 = Fixtures.publicLine("rsa3072").split(" ")[1];
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyLine.parse(""));
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyLine.parse(parts[0]));
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyLine.parse(parts[0] + " " + parts[1] + "!"));
        assertThrows(InvalidKeySpecException.class,
                () -> PublicKeyLine.parse(parts[0] + " " + parts[1].substring(0, parts[1].length() - 5)));
        InvalidKeySpecException mismatch = assertThrows(InvalidKeySpecException.class,
                () -> PublicKeyLine.parse("ssh-ed25519 " + rsaBase64));
        assertTrue(mismatch.getMessage().contains("ssh-rsa"), mismatch.getMessage());
        NoSuchAlgorithmException unknown = assertThrows(NoSuchAlgorithmException.class,
                () -> PublicKeyLine.parse("ssh-dss " + parts[1]));
        assertTrue(unknown.getMessage().contains("ssh-dss"));
        assertThrows(InvalidKeySpecException.class,
                () -> PublicKeyLine.parse(parts[0] + " " + parts[1] + " one\ntwo"));
    }

    @Test
    void constructorRefusesABlobOfAnotherType() throws GeneralSecurityException {
        byte[] blob = PublicKeyLine.parse(Fixtures.publicLine("ed25519")).blob();
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyLine("ssh-rsa", blob, null));
        PublicKey key = new PublicKeyLine("ssh-ed25519", blob, null).publicKey();
        assertEquals("ssh-ed25519", PublicKeyBlob.keyType(key));
    }
}
