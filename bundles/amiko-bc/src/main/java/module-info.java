// SPDX-License-Identifier: Apache-2.0
/**
 * SSH algorithms beyond the plain JDK: {@code chacha20-poly1305@openssh.com} (a ChaCha20 keystream,
 * the JDK's or on JDK 17 to 19 a vectorised one of our own, and a Poly1305 of our own) and, on
 * Bouncy Castle's lightweight API (used directly, never installed as a JCA provider), the
 * post-quantum hybrid key exchanges {@code mlkem768x25519-sha256} and {@code sntrup761x25519-sha512},
 * {@code curve448-sha512}, and faster providers of {@code curve25519-sha256} (RFC 8731) and
 * {@code ssh-ed25519} (RFC 8709) that shadow amiko-jca's by {@link org.amiko.spi.SshAlgorithm#ranking()}.
 * Nothing is exported: in OSGi the algorithms are Declarative Services
 * components, outside OSGi they are the services provided below. Every class listed here carries
 * {@link org.amiko.spi.SshAlgorithm}.
 */
module org.amiko.bc {
    requires org.amiko.spi;
    requires org.bouncycastle.provider;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    provides org.amiko.spi.cipher.CipherAlgorithm with
            org.amiko.bc.cipher.ChaCha20Poly1305;

    provides org.amiko.spi.kex.KexAlgorithm with
            org.amiko.bc.kex.MlKem768X25519Sha256,
            org.amiko.bc.kex.MlKem768Nistp256Sha256,
            org.amiko.bc.kex.MlKem1024Nistp384Sha384,
            org.amiko.bc.kex.Sntrup761X25519Sha512,
            org.amiko.bc.kex.Curve25519Sha256,
            org.amiko.bc.kex.Curve448Sha512;

    provides org.amiko.spi.signature.SignatureAlgorithm with
            org.amiko.bc.signature.SshEd25519;
}
