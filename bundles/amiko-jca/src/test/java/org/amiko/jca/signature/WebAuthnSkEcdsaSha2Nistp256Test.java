// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.AlgorithmAnnotationContract;
import org.junit.jupiter.api.Test;

/**
 * webauthn signatures of a security key's P-256 key (OpenSSH PROTOCOL.u2f), from a software
 * authenticator that signs as a browser has it sign: what OpenSSH's
 * {@code webauthn_check_prepare_hash} accepts verifies (extra clientData fields after the origin
 * too), and a challenge of other data, another origin, a quote in the origin, an attestation flag,
 * extensions the flags deny, or a plain security key signature do not.
 */
class WebAuthnSkEcdsaSha2Nistp256Test extends AlgorithmAnnotationContract {
    private static final String NAME = "webauthn-sk-ecdsa-sha2-nistp256@openssh.com";
    private static final byte[] DATA = "session id || USERAUTH_REQUEST".getBytes(StandardCharsets.UTF_8);
    private static final String ORIGIN = "https://ssh.example.com";

    private final WebAuthnSkEcdsaSha2Nistp256 webauthn = new WebAuthnSkEcdsaSha2Nistp256();
    private final KeyPair keys;
    private final SecurityKeyPublicKey key;

    WebAuthnSkEcdsaSha2Nistp256Test() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        key = SecurityKeyPublicKey.of(keys.getPublic(), "ssh:");
    }

    @Override
    protected Class<?> algorithmClass() {
        return WebAuthnSkEcdsaSha2Nistp256.class;
    }

    @Override
    protected Class<?> serviceType() {
        return org.amiko.spi.signature.SignatureAlgorithm.class;
    }

    /** A browser's clientData for {@code data}, as webauthn.get makes it. */
    private static String clientData(byte[] data, String origin) {
        return "{\"type\":\"webauthn.get\",\"challenge\":\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(data) + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}";
    }

    /** What the authenticator answers through the browser, as OpenSSH's blob. */
    private byte[] blob(String name, int flags, int counter, String origin, String clientData, byte[] extensions)
            throws GeneralSecurityException {
        byte[] client = clientData.getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(SecurityKeySignature.authenticatorData("ssh:", flags, counter, extensions));
        signer.update(SecurityKeySignature.sha256(client));
        BigInteger[] rs = EcdsaSignatureFormat.fromDer(signer.sign());
        byte[] signature = new WireWriter(80).writeMpint(rs[0]).writeMpint(rs[1]).toByteArray();
        return new WireWriter(512).writeString(name).writeString(signature).writeByte(flags).writeUint32(counter)
                .writeString(origin).writeString(client).writeString(extensions).toByteArray();
    }

    private byte[] blob(int flags, String clientData, byte[] extensions) throws GeneralSecurityException {
        return blob(NAME, flags, 9, ORIGIN, clientData, extensions);
    }

    @Test
    void whatABrowserSignsVerifies() throws GeneralSecurityException {
        byte[] good = blob(SecurityKeySignature.USER_PRESENT, clientData(DATA, ORIGIN), new byte[0]);
        assertTrue(webauthn.verify(key, DATA, good));
        assertEquals(SecurityKeySignature.USER_PRESENT, webauthn.authenticatorFlags(good));
        assertFalse(webauthn.verify(key, "other".getBytes(StandardCharsets.UTF_8), good), "another challenge");
        assertFalse(webauthn.verify(SecurityKeyPublicKey.of(keys.getPublic(), "ssh:other"), DATA, good),
                "the key for another application");
        byte[] counted = good.clone();
        int counterAt = 4 + NAME.length() + 4 + (good[4 + NAME.length() + 3] & 0xff) + 1;
        counted[counterAt + 3] ^= 1;
        assertFalse(webauthn.verify(key, DATA, counted), "the counter is signed");

        byte[] extensions = {(byte) 0xa1, 0x01, 0x02};
        assertTrue(webauthn.verify(key, DATA, blob(0x81, clientData(DATA, ORIGIN), extensions)), "with extensions");
        assertFalse(webauthn.verify(key, DATA, blob(0x01, clientData(DATA, ORIGIN), extensions)),
                "extensions the flags deny");
        assertFalse(webauthn.verify(key, DATA, blob(0x81, clientData(DATA, ORIGIN), new byte[0])),
                "extensions the flags claim");
    }

    @Test
    void clientDataOpenSshWouldRefuseDoesNotVerify() throws GeneralSecurityException {
        int present = SecurityKeySignature.USER_PRESENT;
        assertFalse(webauthn.verify(key, DATA, blob(present | 0x40, clientData(DATA, ORIGIN), new byte[0])),
                "attested credential data");
        assertFalse(webauthn.verify(key, DATA, blob(NAME, present, 9, ORIGIN, clientData(DATA, "https://evil.example"),
                new byte[0])), "clientData of another origin");
        String quoted = "https://a\",\"origin\":\"b";
        assertFalse(webauthn.verify(key, DATA, blob(NAME, present, 9, quoted, clientData(DATA, quoted), new byte[0])),
                "a quote in the origin");
        assertFalse(webauthn.verify(key, DATA, blob(present, clientData(DATA, ORIGIN).replace("webauthn.get",
                "webauthn.create"), new byte[0])), "a registration's clientData");
        assertFalse(webauthn.verify(key, DATA, blob(present, "{\"type\":\"webauthn.get\"}", new byte[0])),
                "clientData shorter than its beginning");
    }

    @Test
    void malformedOrPlainBlobsFailQuietly() throws GeneralSecurityException {
        byte[] good = blob(SecurityKeySignature.USER_PRESENT, clientData(DATA, ORIGIN), new byte[0]);
        for (int length = 0; length < good.length; length += 7) {
            assertFalse(webauthn.verify(key, DATA, Arrays.copyOf(good, length)), "truncated to " + length);
            assertEquals(-1, webauthn.authenticatorFlags(Arrays.copyOf(good, length)));
        }
        assertFalse(webauthn.verify(key, DATA, Arrays.copyOf(good, good.length + 1)), "a trailing byte");
        byte[] plain = blob("sk-ecdsa-sha2-nistp256@openssh.com", 1, 9, ORIGIN, clientData(DATA, ORIGIN), new byte[0]);
        assertFalse(webauthn.verify(key, DATA, plain), "another algorithm's name");
        assertFalse(new SkEcdsaSha2Nistp256().verify(key, DATA, good), "a plain security key takes no webauthn blob");
    }

    @Test
    void itIsTheSecurityKeysAlgorithmAndItsCertificatesToo() {
        assertEquals("sk-ecdsa-sha2-nistp256@openssh.com", webauthn.keyType());
        assertTrue(webauthn.supports(key));
        assertFalse(webauthn.supports(keys.getPublic()));
        assertFalse(webauthn.canSign());
        assertEquals("sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", new WebAuthnSkEcdsaSha2Nistp256Cert().keyType());
    }

    /**
     * A certified security key signing through webauthn: the certificate algorithm takes the
     * signature under either name some clients write in it (OpenSSH GHPR624); and an authority
     * whose key is in a security key may sign certificates through webauthn, as OpenSSH's default
     * CASignatureAlgorithms allows.
     */
    @Test
    void certificatesSignAndAreSignedThroughWebauthn() throws GeneralSecurityException {
        KeyPair authority = TestKeys.ed25519();
        SshEd25519 ed25519 = new SshEd25519();
        OpenSshCertificate certified = CertificateBuilder.of(OpenSshCertificate.Kind.USER, key)
                .principals(List.of("alice")).sign(authority.getPublic(),
                        data -> ed25519.sign(authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
        WebAuthnSkEcdsaSha2Nistp256Cert certificateAlgorithm = new WebAuthnSkEcdsaSha2Nistp256Cert();
        assertTrue(certificateAlgorithm.supports(certified));
        int present = SecurityKeySignature.USER_PRESENT;
        assertTrue(certificateAlgorithm.verify(certified, DATA, blob(present, clientData(DATA, ORIGIN), new byte[0])));
        assertTrue(certificateAlgorithm.verify(certified, DATA, blob("webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
                present, 9, ORIGIN, clientData(DATA, ORIGIN), new byte[0])), "named as the certificate algorithm");

        KeyPair user = TestKeys.ed25519();
        OpenSshCertificate byToken = CertificateBuilder.of(OpenSshCertificate.Kind.USER, user.getPublic())
                .principals(List.of("alice")).sign(key, data -> blob(NAME, present, 1, ORIGIN, clientData(data, ORIGIN),
                        new byte[0]), new SecureRandom());
        assertTrue(new SshEd25519Cert().decodePublicKey(byToken.getEncoded()) instanceof OpenSshCertificate,
                "the authority's webauthn signature checks");
    }
}
