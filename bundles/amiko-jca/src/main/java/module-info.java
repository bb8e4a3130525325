// SPDX-License-Identifier: Apache-2.0
/**
 * The default SSH algorithms on the plain JDK: AES-GCM and AES-CTR, HMAC-SHA2, UMAC, curve25519, NIST
 * ECDH and RFC 8268 Diffie-Hellman, Ed25519, ECDSA and RSA-SHA2 signatures; and, offered only when
 * named, what old peers still speak: the CBC ciphers, HMAC-SHA1 and HMAC-MD5 (whole and -96), the
 * SHA-1 Diffie-Hellman exchanges and ssh-rsa signatures. Nothing
 * is exported: in OSGi the algorithms are Declarative Services components, outside OSGi they are the
 * services provided below. Every class listed here carries {@link org.amiko.spi.SshAlgorithm}.
 */
module org.amiko.jca {
    requires org.amiko.spi;
    requires org.amiko.keys;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    provides org.amiko.spi.cipher.CipherAlgorithm with
            org.amiko.jca.cipher.Aes128Gcm,
            org.amiko.jca.cipher.Aes256Gcm,
            org.amiko.jca.cipher.Aes128Ctr,
            org.amiko.jca.cipher.Aes192Ctr,
            org.amiko.jca.cipher.Aes256Ctr,
            org.amiko.jca.cipher.Aes128Cbc,
            org.amiko.jca.cipher.Aes192Cbc,
            org.amiko.jca.cipher.Aes256Cbc,
            org.amiko.jca.cipher.TripleDesCbc;

    provides org.amiko.spi.mac.MacAlgorithm with
            org.amiko.jca.mac.HmacSha2256Etm,
            org.amiko.jca.mac.HmacSha2512Etm,
            org.amiko.jca.mac.HmacSha2256,
            org.amiko.jca.mac.HmacSha2512,
            org.amiko.jca.mac.Umac64Etm,
            org.amiko.jca.mac.Umac128Etm,
            org.amiko.jca.mac.Umac64,
            org.amiko.jca.mac.Umac128,
            org.amiko.jca.mac.HmacSha1Etm,
            org.amiko.jca.mac.HmacSha1,
            org.amiko.jca.mac.HmacSha1Trunc96Etm,
            org.amiko.jca.mac.HmacSha1Trunc96,
            org.amiko.jca.mac.HmacMd5Etm,
            org.amiko.jca.mac.HmacMd5,
            org.amiko.jca.mac.HmacMd5Trunc96Etm,
            org.amiko.jca.mac.HmacMd5Trunc96;

    provides org.amiko.spi.kex.KexAlgorithm with
            org.amiko.jca.kex.Curve25519Sha256,
            org.amiko.jca.kex.EcdhSha2Nistp256,
            org.amiko.jca.kex.EcdhSha2Nistp384,
            org.amiko.jca.kex.EcdhSha2Nistp521,
            org.amiko.jca.kex.DiffieHellmanGroup16Sha512,
            org.amiko.jca.kex.DiffieHellmanGroup18Sha512,
            org.amiko.jca.kex.DiffieHellmanGroup14Sha256,
            org.amiko.jca.kex.DiffieHellmanGroupExchangeSha256,
            org.amiko.jca.kex.DiffieHellmanGroupExchangeSha1,
            org.amiko.jca.kex.DiffieHellmanGroup14Sha1,
            org.amiko.jca.kex.DiffieHellmanGroup1Sha1;

    provides org.amiko.spi.signature.SignatureAlgorithm with
            org.amiko.jca.signature.SshEd25519,
            org.amiko.jca.signature.EcdsaSha2Nistp256,
            org.amiko.jca.signature.EcdsaSha2Nistp384,
            org.amiko.jca.signature.EcdsaSha2Nistp521,
            org.amiko.jca.signature.RsaSha2512,
            org.amiko.jca.signature.RsaSha2256,
            org.amiko.jca.signature.SshRsa,
            org.amiko.jca.signature.SshEd25519Cert,
            org.amiko.jca.signature.EcdsaSha2Nistp256Cert,
            org.amiko.jca.signature.EcdsaSha2Nistp384Cert,
            org.amiko.jca.signature.EcdsaSha2Nistp521Cert,
            org.amiko.jca.signature.RsaSha2512Cert,
            org.amiko.jca.signature.RsaSha2256Cert,
            org.amiko.jca.signature.SkSshEd25519,
            org.amiko.jca.signature.SkEcdsaSha2Nistp256,
            org.amiko.jca.signature.SkSshEd25519Cert,
            org.amiko.jca.signature.SkEcdsaSha2Nistp256Cert,
            org.amiko.jca.signature.WebAuthnSkEcdsaSha2Nistp256,
            org.amiko.jca.signature.WebAuthnSkEcdsaSha2Nistp256Cert;
}
