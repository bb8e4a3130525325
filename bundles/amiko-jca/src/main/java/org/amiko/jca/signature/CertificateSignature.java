// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.function.Supplier;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * What the certificate key types share (OpenSSH PROTOCOL.certkeys): the public key blob is an
 * {@link OpenSshCertificate}, and signatures are those of the certified key's plain algorithm,
 * named as it names them. A certificate read off the wire has its authority's signature checked
 * here, with the algorithms OpenSSH accepts from authorities by default (its
 * {@code CASignatureAlgorithms}: Ed25519, ECDSA and RSA with SHA-2, and the two security key
 * types, the ECDSA one also through webauthn; not {@code ssh-rsa}'s SHA-1),
 * so no one can pass off a certificate nobody signed. Whether that authority is trusted, and the
 * certificate valid for this login, is the policy's to decide.
 *
 * <p>These algorithms come last in the preference order: a client offers them for host keys only
 * after the plain ones, so a server that holds both a key and its certificate is checked by the
 * key, as known_hosts usually expects.
 */
abstract class CertificateSignature implements SignatureAlgorithm {
    private final SignatureAlgorithm plain;
    private final String certificateType;

    CertificateSignature(SignatureAlgorithm plain, String certificateType) {
        this.plain = plain;
        this.certificateType = certificateType;
    }

    @Override
    public final String keyType() {
        return certificateType;
    }

    /** The certificate of this type, or the private key that signs for one. */
    @Override
    public final boolean supports(Key key) {
        if (key instanceof PrivateKey) {
            return plain.supports(key);
        }
        return key instanceof OpenSshCertificate certificate && certificate.certificateType().equals(certificateType)
                && plain.supports(certificate.key());
    }

    @Override
    public final boolean canSign() {
        return plain.canSign();
    }

    @Override
    public final PublicKey decodePublicKey(byte[] blob) throws GeneralSecurityException {
        OpenSshCertificate certificate = OpenSshCertificate.decode(blob);
        if (!supports(certificate)) {
            throw new InvalidKeySpecException("blob holds a " + PeerText.printable(certificate.getAlgorithm(), 64)
                    + " key, not a " + certificateType);
        }
        if (!signedByItsAuthority(certificate)) {
            throw new InvalidKeySpecException("the certificate's signature does not verify");
        }
        return certificate;
    }

    @Override
    public final byte[] encodePublicKey(PublicKey key) throws GeneralSecurityException {
        return certificate(key).getEncoded();
    }

    @Override
    public final byte[] sign(PrivateKey key, byte[] data, SecureRandom random) throws GeneralSecurityException {
        return plain.sign(key, data, random);
    }

    @Override
    public final boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException {
        return plain.verify(certificate(key).key(), data, signatureBlob);
    }

    @Override
    public final int authenticatorFlags(byte[] signatureBlob) {
        return plain.authenticatorFlags(signatureBlob);
    }

    /** The certified key's blob, as its plain algorithm writes it. */
    @Override
    public final byte[] plainKeyBlob(PublicKey key) throws GeneralSecurityException {
        return plain.encodePublicKey(certificate(key).key());
    }

    private OpenSshCertificate certificate(PublicKey key) throws InvalidKeyException {
        if (!(key instanceof OpenSshCertificate) || !supports(key)) {
            throw new InvalidKeyException(certificateType + " cannot use a " + key.getAlgorithm() + " key");
        }
        return (OpenSshCertificate) key;
    }

    /** Whether an authority's algorithm OpenSSH accepts signed the certificate with the key it names. */
    private static boolean signedByItsAuthority(OpenSshCertificate certificate) throws GeneralSecurityException {
        String algorithm;
        try {
            algorithm = new WireReader(certificate.signature()).readUtf8();
        } catch (WireFormatException e) {
            return false;
        }
        Supplier<SignatureAlgorithm> authority = switch (algorithm) {
            case "ssh-ed25519" -> SshEd25519::new;
            case "ecdsa-sha2-nistp256" -> EcdsaSha2Nistp256::new;
            case "ecdsa-sha2-nistp384" -> EcdsaSha2Nistp384::new;
            case "ecdsa-sha2-nistp521" -> EcdsaSha2Nistp521::new;
            case "rsa-sha2-256" -> RsaSha2256::new;
            case "rsa-sha2-512" -> RsaSha2512::new;
            // an authority whose key is in a FIDO token, as OpenSSH's default allows
            case "sk-ssh-ed25519@openssh.com" -> SkSshEd25519::new;
            case "sk-ecdsa-sha2-nistp256@openssh.com" -> SkEcdsaSha2Nistp256::new;
            // ... and one that signed through a browser (in SSH_ALLOWED_CA_SIGALGS since February 2026)
            case "webauthn-sk-ecdsa-sha2-nistp256@openssh.com" -> WebAuthnSkEcdsaSha2Nistp256::new;
            default -> null;
        };
        if (authority == null) {
            return false;
        }
        // a security key authority's flags are not looked at, as OpenSSH's cert_parse does not
        SignatureAlgorithm verifier = authority.get();
        return verifier.supports(certificate.signatureKey())
                && verifier.verify(certificate.signatureKey(), certificate.signedData(), certificate.signature());
    }
}
