// SPDX-License-Identifier: Apache-2.0
/**
 * Key exchanges in the SPI's KEM shape: the post-quantum hybrids {@code mlkem768x25519-sha256},
 * {@code mlkem768nistp256-sha256} and {@code mlkem1024nistp384-sha384}
 * (draft-ietf-sshm-mlkem-hybrid-kex) and {@code sntrup761x25519-sha512} (draft-josefsson-ntruprime-ssh),
 * on Bouncy Castle's ML-KEM and Streamlined NTRU Prime with its X25519 or the JDK's ECDH, and
 * {@code curve25519-sha256} and {@code curve448-sha512} (RFC 8731) on Bouncy Castle's X25519 and
 * X448 (RFC 7748). {@code curve25519-sha256} shadows amiko-jca's by ranking: the JDK 17 field
 * arithmetic is several times slower. Not exported.
 */
package org.amiko.bc.kex;
