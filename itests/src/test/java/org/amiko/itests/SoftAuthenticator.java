// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;

/**
 * A software FIDO authenticator for OpenSSH ({@code fido/sk-soft.c}, compiled here with gcc
 * against libcrypto): {@code ssh-keygen -w} makes security keys with it and {@code ssh -o
 * SecurityKeyProvider=} signs with them, so tests drive the real sk code paths without a USB key.
 */
final class SoftAuthenticator {
    /** OpenSSH runs every provider in this helper process. */
    static final String SK_HELPER = "/usr/lib/openssh/ssh-sk-helper";

    private final Path library;

    private SoftAuthenticator(Path library) {
        this.library = library;
    }

    /** Builds the provider into {@code directory}; skips the test where gcc, libcrypto or ssh-sk-helper is missing. */
    static SoftAuthenticator build(Path directory) throws IOException, InterruptedException {
        assumeTrue(PeerProcess.available("/usr/bin/gcc"), "gcc is not installed");
        assumeTrue(Files.exists(Path.of(SK_HELPER)), "OpenSSH has no ssh-sk-helper here");
        Path source = directory.resolve("sk-soft.c");
        try (InputStream in = SoftAuthenticator.class.getResourceAsStream("/fido/sk-soft.c")) {
            Files.copy(in, source);
        }
        Path library = directory.resolve("libsk-soft.so");
        PeerProcess.Result built = PeerProcess.run(List.of("/usr/bin/gcc", "-shared", "-fPIC", "-O1",
                "-Wno-deprecated-declarations", "-o", library.toString(), source.toString(), "-lcrypto"), Map.of(), null,
                Duration.ofSeconds(60));
        assumeTrue(built.exitCode() == 0, () -> "cannot build the soft authenticator (libssl-dev?): " + built);
        return new SoftAuthenticator(library);
    }

    /** The provider library, for {@code SecurityKeyProvider=} or {@code ssh-keygen -w}. */
    Path library() {
        return library;
    }

    /**
     * {@code ssh-keygen -t type -w provider}: a new security key ({@code ed25519-sk} or
     * {@code ecdsa-sk}) at {@code file}, its public key returned.
     */
    PublicKey enroll(String type, Path file) throws IOException, InterruptedException, GeneralSecurityException {
        PeerProcess.Result made = PeerProcess.run(List.of("ssh-keygen", "-q", "-t", type, "-w", library.toString(),
                "-N", "", "-C", "soft " + type, "-f", file.toString()), Map.of(), null, Duration.ofSeconds(30));
        assertEquals(0, made.exitCode(), made::toString);
        return PublicKeyLine.parse(Files.readString(Path.of(file + ".pub")).strip()).publicKey();
    }
}
