// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/** FIDO security key public keys (OpenSSH PROTOCOL.u2f) as ssh-keygen writes them and authorized_keys lists them. */
class SecurityKeyPublicKeyTest {
    /** ssh-keygen -t ed25519-sk and -t ecdsa-sk, application "ssh:". */
    private static final String ED25519_LINE = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAI"
            + "FRL22KRR2VRGuAgc3k1IbaE6Z+7BHv/AXPpJ7GRD2+oAAAABHNzaDo= test";
    private static final String ECDSA_LINE = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3Bl"
            + "bnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBFu1w1dyjauRCyTHsjI3go9xy05t+2P3DRpZJTRBYn+Zj4E/RqDO0VIE2casloxTXdq52/mcy4w"
            + "knETiIPWsz8cAAAAEc3NoOg== test";

    @Test
    void linesFromSshKeygenReadAndWriteBack() throws GeneralSecurityException {
        for (String text : List.of(ED25519_LINE, ECDSA_LINE)) {
            PublicKeyLine line = PublicKeyLine.parse(text);
            SecurityKeyPublicKey key = assertInstanceOf(SecurityKeyPublicKey.class, line.publicKey());
            assertEquals(line.keyType(), key.keyType());
            assertEquals(line.keyType(), PublicKeyBlob.keyType(key));
            assertEquals("ssh:", key.application());
            assertArrayEquals(line.blob(), PublicKeyBlob.encode(key));
            assertEquals(text, PublicKeyLine.of(key, "test").format());
            assertEquals(key, PublicKeyBlob.decode(line.blob()));
            assertTrue(Fingerprint.sha256(key).startsWith("SHA256:"));
        }
    }

    @Test
    void authorizedKeysTakesThemWithTheirFidoOptions() {
        AuthorizedKeys keys = AuthorizedKeys.parse("no-touch-required " + ED25519_LINE + "\n" + ECDSA_LINE + "\n");
        assertEquals(List.of(), keys.problems());
        assertInstanceOf(SecurityKeyPublicKey.class, keys.entries().get(0).key());
        assertEquals("no-touch-required", keys.entries().get(0).options().get(0).name());
    }

    @Test
    void aSecurityKeyIsNotTheKeyItHolds() throws GeneralSecurityException {
        SecurityKeyPublicKey key = (SecurityKeyPublicKey) PublicKeyLine.parse(ED25519_LINE).publicKey();
        assertNotEquals(key.key(), key);
        assertNotEquals(key, SecurityKeyPublicKey.of(key.key(), "ssh:other"));
        assertEquals(key, SecurityKeyPublicKey.of(key.key(), "ssh:"));
    }

    /** PROTOCOL.certkeys names a security key's certificate type without its own "@openssh.com". */
    @Test
    void certificatesOfSecurityKeysRoundTrip() throws GeneralSecurityException {
        for (String text : List.of(ED25519_LINE, ECDSA_LINE)) {
            SecurityKeyPublicKey key = (SecurityKeyPublicKey) PublicKeyLine.parse(text).publicKey();
            OpenSshCertificate certificate = new TestAuthority().issue(
                    CertificateBuilder.of(OpenSshCertificate.Kind.USER, key).principals(List.of("alice")));
            String expected = key.keyType().replace("@openssh.com", "-cert-v01@openssh.com");
            assertEquals(expected, certificate.certificateType());
            assertEquals(expected, OpenSshCertificate.certificateType(key.keyType()));
            assertEquals(key.keyType(), OpenSshCertificate.plainType(expected));
            assertEquals(key, certificate.key());
            PublicKeyLine line = PublicKeyLine.of(certificate, "c");
            assertEquals(certificate, PublicKeyLine.parse(line.format()).publicKey());
        }
        assertEquals("ssh-ed25519-cert-v01@openssh.com", OpenSshCertificate.certificateType("ssh-ed25519"));
    }

    @Test
    void onlyEd25519AndP256KeysWithAnApplication() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey p384 = ec.generateKeyPair().getPublic();
        assertThrows(GeneralSecurityException.class, () -> SecurityKeyPublicKey.of(p384, "ssh:"));
        PublicKey ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        assertThrows(GeneralSecurityException.class, () -> SecurityKeyPublicKey.of(ed25519, ""));
    }

    @Test
    void malformedBlobsAreRefused() throws Exception {
        byte[] blob = PublicKeyLine.parse(ED25519_LINE).blob();
        assertThrows(GeneralSecurityException.class, () -> PublicKeyBlob.decode(Arrays.copyOf(blob, blob.length - 1)));
        assertThrows(GeneralSecurityException.class, () -> PublicKeyBlob.decode(Arrays.copyOf(blob, blob.length + 1)));
        WireReader fields = new WireReader(blob);
        String type = fields.readUtf8();
        byte[] point = fields.readString();
        byte[] noApplication = new WireWriter(64).writeString(type).writeString(point).writeString("").toByteArray();
        assertThrows(GeneralSecurityException.class, () -> PublicKeyBlob.decode(noApplication));
    }
}
