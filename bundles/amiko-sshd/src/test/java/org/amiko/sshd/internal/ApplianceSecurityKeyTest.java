// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.List;
import org.amiko.AuthenticationException;
import org.amiko.PublicKeySigner;
import org.amiko.Transport;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIDO security keys (OpenSSH PROTOCOL.u2f) at the appliance, signed by a software authenticator
 * as an agent would pass its signature on: a touched signature logs in, an untouched one only
 * under {@code no-touch-required}, and {@code verify-required} wants the user verified too.
 */
@Timeout(60)
class ApplianceSecurityKeyTest {
    private static final int USER_PRESENT = 0x01;
    private static final int USER_VERIFIED = 0x04;

    private final ApplianceFixture appliance = new ApplianceFixture();
    private final KeyPair authenticator = ApplianceFixture.generate();
    private final SecurityKeyPublicKey key;

    @TempDir
    Path directory;

    ApplianceSecurityKeyTest() throws GeneralSecurityException {
        key = SecurityKeyPublicKey.of(authenticator.getPublic(), "ssh:");
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    private Transport client(String options) throws Exception {
        AuthorizedKeys keys = AuthorizedKeys.parse(options + PublicKeyLine.of(key, "yubikey").format());
        return appliance.serve(keys, PasswordFile.load(directory.resolve("users.properties")), appliance.os,
                ForwardingSettings.OFF);
    }

    /** The authenticator: Ed25519 over SHA-256(application) || flags || counter || SHA-256(data). */
    private PublicKeySigner signing(int flags) {
        return (publicKey, algorithm, data) -> {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                message.writeBytes(sha256.digest(key.application().getBytes(StandardCharsets.UTF_8)));
                message.write(flags);
                message.writeBytes(new byte[] {0, 0, 0, 9});
                message.writeBytes(sha256.digest(data));
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(authenticator.getPrivate());
                signer.update(message.toByteArray());
                return new WireWriter(128).writeString(algorithm).writeString(signer.sign()).writeByte(flags)
                        .writeUint32(9).toByteArray();
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        };
    }

    @Test
    void aTouchedSignatureLogsIn() throws Exception {
        try (Transport client = client("")) {
            assertEquals(List.of(), client.authPublickey("admin", key, signing(USER_PRESENT)));
        }
    }

    @Test
    void aSignatureWithoutTheTouchDoesNot() throws Exception {
        try (Transport client = client("")) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", key, signing(0)));
        }
    }

    /** The line's no-touch-required lets an untouched signature in, as sshd's does. */
    @Test
    void noTouchRequiredLetsAnUntouchedSignatureIn() throws Exception {
        try (Transport client = client("no-touch-required ")) {
            assertEquals(List.of(), client.authPublickey("admin", key, signing(0)));
        }
    }

    /** verify-required wants the user verified (a PIN) besides the touch. */
    @Test
    void verifyRequiredWantsTheUserVerified() throws Exception {
        try (Transport client = client("verify-required ")) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", key, signing(USER_PRESENT)));
            assertEquals(List.of(), client.authPublickey("admin", key, signing(USER_PRESENT | USER_VERIFIED)));
        }
    }
}
