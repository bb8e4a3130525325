// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.amiko.keys.KeyFiles;

/**
 * Credentials for {@link SshClient#connect}, as paramiko's {@code connect} arguments.
 *
 * @param keys key pairs to try first
 * @param allowAgent whether to try the keys of the agent: {@link SshClient#agentSocket}'s, else the one
 *     at {@code $SSH_AUTH_SOCK}; a host's {@code IdentityAgent} decides for that host. A key given
 *     in {@code keys} is not offered again from the agent
 * @param lookForKeys whether to try {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa}
 *     (with their {@code -cert.pub}); as ssh, a file that others than its owner may read or write
 *     is not used, and a WARNING says so
 * @param passphrase for encrypted key files, or null
 * @param password tried last, or null
 */
public record ConnectOptions(List<KeyPair> keys, boolean allowAgent, boolean lookForKeys, char[] passphrase,
        String password) {

    public ConnectOptions {
        keys = List.copyOf(keys);
    }

    /** Agent and default key files, no password. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(List.of(), true, true, null, null);
    }

    /** Only this password. */
    public static ConnectOptions password(String password) {
        return new ConnectOptions(List.of(), false, false, null, password);
    }

    /**
     * Only these key files (OpenSSH, PEM, PKCS#8 or PuTTY), decrypted with {@code passphrase} if
     * needed; a certificate {@code <file>-cert.pub} beside one is tried before its key, as ssh does.
     */
    public static ConnectOptions keyFiles(char[] passphrase, Path... files) throws IOException, GeneralSecurityException {
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : files) {
            keys.addAll(KeyFiles.loadWithCertificate(file, passphrase));
        }
        // the keys are decrypted: the options need not hold the passphrase any longer
        return new ConnectOptions(keys, false, false, null, null);
    }

    /** Only these key pairs. */
    public static ConnectOptions keys(KeyPair... keys) {
        return new ConnectOptions(List.of(keys), false, false, null, null);
    }

    /** These options with the agent allowed or not. */
    public ConnectOptions withAgent(boolean allowed) {
        return new ConnectOptions(keys, allowed, lookForKeys, passphrase, password);
    }

    /** These options with a password to try last. */
    public ConnectOptions withPassword(String value) {
        return new ConnectOptions(keys, allowAgent, lookForKeys, passphrase, value);
    }

    /** Says whether a passphrase and a password are set, never what they are (options end up in logs). */
    @Override
    public String toString() {
        return "ConnectOptions[keys=" + keys.size() + ", allowAgent=" + allowAgent + ", lookForKeys=" + lookForKeys
                + ", passphrase=" + (passphrase == null ? "none" : "***") + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
