// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authorized_keys lines as sshd(8) reads them. */
class AuthorizedKeysTest {
    private static final String ED25519 = Fixtures.publicLine("ed25519");
    private static final String ECDSA = Fixtures.publicLine("ecdsa256");
    private static final String RSA = Fixtures.publicLine("rsa3072");

    private static PublicKey key(String line) throws GeneralSecurityException {
        return PublicKeyLine.parse(line).publicKey();
    }

    private static AuthorizedKey only(String text) {
        AuthorizedKeys keys = AuthorizedKeys.parse(text);
        assertEquals(List.of(), keys.problems());
        assertEquals(1, keys.entries().size());
        return keys.entries().get(0);
    }

    @Test
    void plainLinesCommentsAndBlankLines() throws GeneralSecurityException {
        AuthorizedKeys keys = AuthorizedKeys.parse("# my keys\n\n" + ED25519 + "\n   \n\t# indented comment\n" + ECDSA + "\n");
        assertEquals(List.of(), keys.problems());
        assertEquals(2, keys.entries().size());
        assertEquals(key(ED25519), keys.entries().get(0).key());
        assertEquals("amiko fixture ed25519", keys.entries().get(0).comment());
        assertEquals(List.of(), keys.entries().get(0).options());
        assertEquals(key(ECDSA), keys.entries().get(1).key());
    }

    @Test
    void optionsWithQuotesEscapesAndCommas() {
        AuthorizedKey entry = only("command=\"echo \\\"hi, there\\\"\",no-pty,from=\"127.0.0.1,::1\","
                + "environment=\"A=B\",permitopen=\"host:22\",expiry-time=\"20271231\",restrict " + ED25519);
        assertEquals(List.of(
                new KeyOption("command", "echo \"hi, there\""),
                KeyOption.flag("no-pty"),
                new KeyOption("from", "127.0.0.1,::1"),
                new KeyOption("environment", "A=B"),
                new KeyOption("permitopen", "host:22"),
                new KeyOption("expiry-time", "20271231"),
                KeyOption.flag("restrict")), entry.options());
        assertEquals("amiko fixture ed25519", entry.comment());
    }

    @Test
    void quotedValuesMayHoldSpacesAndBackslashesStayUnlessBeforeAQuote() {
        AuthorizedKey entry = only("command=\"ls  -l C:\\\\dir \\n\"\t" + RSA);
        assertEquals(new KeyOption("command", "ls  -l C:\\\\dir \\n"), entry.options().get(0));
        assertNull(only("no-agent-forwarding " + RSA).options().get(0).value());
    }

    @Test
    void optionNamesAreMatchedWithoutCaseAndReportedInLowerCase() {
        AuthorizedKey entry = only("No-X11-Forwarding,PermitListen=\"8080\",Cert-Authority " + ECDSA);
        assertEquals(List.of(KeyOption.flag("no-x11-forwarding"), new KeyOption("permitlisten", "8080"),
                KeyOption.flag("cert-authority")), entry.options());
        assertTrue(entry.isCertAuthority());
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndTheRestStillLoads() throws GeneralSecurityException {
        String base64 = ED25519.split(" ")[1];
        String text = String.join("\n",
                "# header",                                                   // 1
                ED25519,                                                      // 2
                "ssh-dss " + base64 + " old key",                            // 3
                "ssh-foo " + base64,                                         // 4
                "ssh-ed25519 " + base64.substring(0, 20) + "!!!" + " broken", // 5
                "no-pty,bogus-option " + ECDSA,                              // 6
                "command=\"unterminated " + ECDSA,                          // 7
                "command=unquoted " + ECDSA,                                 // 8
                "no-pty,, " + ECDSA,                                          // 9
                "no-pty",                                                     // 10
                "ssh-rsa " + base64,                                          // 11
                "command=\"a\",command=\"b\" " + ECDSA,                      // 12
                "pty=\"yes\" " + ECDSA,                                       // 13
                "restrict " + RSA);                                           // 14
        AuthorizedKeys keys = AuthorizedKeys.parse(text);
        assertEquals(2, keys.entries().size());
        assertEquals(key(ED25519), keys.entries().get(0).key());
        assertEquals(key(RSA), keys.entries().get(1).key());
        List<String> problems = keys.problems();
        assertEquals(11, problems.size(), problems::toString);
        String[] expected = {
            "line 3: unsupported key type \"ssh-dss\"",
            "line 4: unknown key type \"ssh-foo\"",
            "line 5: public key of type ssh-ed25519 is not valid base64",
            "line 6: unknown option \"bogus-option\"",
            "line 7: unterminated quote",
            "line 8: option value must start with a double quote",
            "line 9: empty option",
            "line 10: no key after the options",
            "line 11: line says key type ssh-rsa but the key inside is \"ssh-ed25519\"",
            "line 12: more than one command option",
            "line 13: option \"pty\" takes no value"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(problems.get(i).startsWith(expected[i]), "problem " + i + ": " + problems.get(i));
        }
    }

    @Test
    void findMatchesByKeyAndSkipsCertificateAuthorities() throws GeneralSecurityException, IOException {
        AuthorizedKeys keys = AuthorizedKeys.parse(new StringReader(
                "cert-authority " + ED25519 + "\n" + "from=\"10.0.0.0/8\" " + RSA + "\n"));
        assertTrue(keys.find(key(ED25519)).isEmpty(), "a CA key does not authorize itself");
        AuthorizedKey found = keys.find(key(RSA)).orElseThrow();
        assertEquals(List.of(new KeyOption("from", "10.0.0.0/8")), found.options());
        assertTrue(keys.find(key(ECDSA)).isEmpty());
        assertTrue(keys.find(KeyPairs.generate("ssh-rsa", 1024).getPublic()).isEmpty());
    }

    @Test
    void findReturnsTheFirstOfDuplicateLines() throws GeneralSecurityException {
        AuthorizedKeys keys = AuthorizedKeys.parse("no-pty " + ECDSA + "\n" + ECDSA + "\n");
        assertEquals(List.of(KeyOption.flag("no-pty")), keys.find(key(ECDSA)).orElseThrow().options());
    }

    @Test
    void loadReadsAFileAndAMissingFileIsEmpty(@TempDir Path directory) throws IOException, GeneralSecurityException {
        AuthorizedKeys none = AuthorizedKeys.load(directory.resolve("authorized_keys"));
        assertEquals(List.of(), none.entries());
        assertEquals(List.of(), none.problems());
        Path file = directory.resolve("authorized_keys2");
        Files.writeString(file, "restrict,pty " + ED25519 + "\r\n" + RSA + "\r\n");
        AuthorizedKeys keys = AuthorizedKeys.load(file);
        assertEquals(List.of(), keys.problems());
        assertEquals(List.of(KeyOption.flag("restrict"), KeyOption.flag("pty")),
                keys.find(key(ED25519)).orElseThrow().options());
        assertEquals("amiko fixture rsa3072", keys.find(key(RSA)).orElseThrow().comment());
    }

    @Test
    void keyOptionPrintsAsWritten() {
        assertEquals("command=\"echo \\\"x\\\"\"", new KeyOption("command", "echo \"x\"").toString());
        assertEquals("no-pty", KeyOption.flag("no-pty").toString());
    }
}
