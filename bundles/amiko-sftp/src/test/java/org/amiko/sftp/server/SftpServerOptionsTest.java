// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.amiko.sftp.server.SftpServerOptions.LogLevel;
import org.junit.jupiter.api.Test;

/** sftp-server's options as sshd passes them from {@code internal-sftp ...}, read as its getopt reads them. */
class SftpServerOptionsTest {

    private static SftpServerOptions parse(String line) {
        return SftpServerOptions.parse(SftpServerOptions.words(line));
    }

    @Test
    void eachOptionAsSftpServerTakesIt() {
        SftpServerOptions options = parse("-R -u 027 -d /upload/%u -p open,read,close -P remove -l verbose -f LOCAL3 -e");
        assertTrue(options.readOnly());
        assertEquals(OptionalInt.of(027), options.umask());
        assertEquals(Optional.of("/upload/%u"), options.startDirectory());
        assertEquals(Optional.of(Set.of("open", "read", "close")), options.allowedRequests());
        assertEquals(Set.of("remove"), options.deniedRequests());
        assertEquals(LogLevel.VERBOSE, options.logLevel());
        assertFalse(options.logsToAuthLog(), "LOCAL3 is the main log");
        assertTrue(parse("-f authpriv").logsToAuthLog());
        assertTrue(SftpServerOptions.DEFAULTS.logsToAuthLog(), "internal-sftp logs to the auth facility by default");
        assertEquals(SftpServerOptions.DEFAULTS, parse(""));
    }

    @Test
    void getoptsWaysOfWritingThem() {
        assertEquals(parse("-R -l INFO -u 002"), parse("-Rl INFO -u002"));
        assertEquals(parse("-R -e"), parse("-eR --"));
        assertEquals(OptionalInt.of(0), parse("-u 0").umask());
        assertEquals(OptionalInt.of(022), parse("-u 0000022").umask(), "strtol takes any number of zeros");
        assertEquals(List.of("-R", "-l", "INFO"), SftpServerOptions.words("  -R\t-l  INFO "));
    }

    @Test
    void theRequestsOptionsDecideWhatIsAllowed() {
        SftpServerOptions options = parse("-p open,read,close,remove -P remove");
        assertTrue(options.allows("read"));
        assertFalse(options.allows("remove"), "-P wins over -p, as in sftp-server");
        assertFalse(options.allows("write"), "not on the allowed list");
        assertTrue(parse("-P remove").allows("write"), "without -p everything not refused is allowed");
    }

    /** What sftp-server would ignore or half-read is an error here: a misspelt -R must not serve read-write. */
    @Test
    void whatItCannotTakeIsAnErrorNamingIt() {
        for (String[] bad : new String[][] {
            {"-r", "unknown option -r"}, {"-Q requests", "unknown option -Q"}, {"-c", "unknown option -c"},
            {"-h", "unknown option -h"}, {"-l LOUD", "-l LOUD is no log level"}, {"-f KERN", "-f KERN is no log facility"},
            {"-u 8", "-u 8 is not an octal umask"}, {"-u 1777", "a umask is at most 0777"}, {"-p open,reed", "\"reed\" is no request name"},
            {"-P ''", "is no request name"}, {"-p open -p read", "-p given twice"}, {"-P open -P read", "-P given twice"},
            {"-d", "-d needs a value"}, {"-R extra", "unexpected argument \"extra\""}, {"-- -R", "unexpected argument \"-R\""},
        }) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse(bad[0]), bad[0]);
            assertTrue(error.getMessage().contains(bad[1]), bad[0] + ": " + error.getMessage());
        }
    }

    /** A login's forced options on top of the server's: they can narrow, and -u, -d, -l, -f replace. */
    @Test
    void aLoginsOptionsGoOnTopOfTheServers() {
        SftpServerOptions server = parse("-R -u 022 -p open,read,close,opendir,readdir,remove -P mkdir -l INFO");
        SftpServerOptions login = server.with(List.of("-u", "077", "-p", "open,read,close,write", "-P", "rmdir", "-l",
                "QUIET", "-d", "/in"));
        assertTrue(login.readOnly(), "-R cannot be undone");
        assertEquals(OptionalInt.of(077), login.umask());
        assertEquals(Optional.of(Set.of("open", "read", "close")), login.allowedRequests(), "only what both allow");
        assertEquals(Set.of("mkdir", "rmdir"), login.deniedRequests());
        assertEquals(LogLevel.QUIET, login.logLevel());
        assertEquals(Optional.of("/in"), login.startDirectory());
        assertEquals(server, server.with(List.of()));
        assertEquals(server.allowedRequests(), server.with(List.of("-R")).allowedRequests());
    }
}
