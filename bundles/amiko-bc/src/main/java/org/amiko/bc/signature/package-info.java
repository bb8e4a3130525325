// SPDX-License-Identifier: Apache-2.0
/**
 * Signature algorithms: {@code ssh-ed25519} (RFC 8709) on Bouncy Castle's RFC 8032 Ed25519, taking
 * and giving the JDK's key objects so that keys from amiko-keys work unchanged. It shadows
 * amiko-jca's by ranking: the same deterministic signatures at several times the JDK 17 speed.
 * Not exported.
 */
package org.amiko.bc.signature;
