// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the appliance refuses to start Kerberos logins with. (Logins themselves, against a real
 * KDC, are in the itests' DistributionTest and GssapiTest.)
 */
class KerberosLoginTest {
    @TempDir
    Path directory;

    @Test
    void theServersPrincipalMustBeNamed() throws IOException {
        Path keytab = Files.write(directory.resolve("krb5.keytab"), new byte[] {5, 2});
        IOException e = assertThrows(IOException.class, () -> KerberosLogin.create(keytab, " ", "*@EXAMPLE.ORG"));
        assertTrue(e.getMessage().contains("gssapiPrincipal"), e.getMessage());
    }

    @Test
    void aMissingKeytabIsAnError() {
        IOException e = assertThrows(IOException.class, () -> KerberosLogin.create(directory.resolve("absent.keytab"),
                "host/server.example.org@EXAMPLE.ORG", "*@EXAMPLE.ORG"));
        assertTrue(e.getMessage().contains("absent.keytab"), e.getMessage());
    }
}
