// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth log: sshd's words after a syslog-like date and tag, one line per record whatever the
 * message holds, and a handler that, configured under its own class name and attached to
 * {@code org.amiko.auth}, writes those records alone to its own file.
 */
class AuthLogFormatterTest {
    private static final String TAG = "amiko-sshd[" + ProcessHandle.current().pid() + "]: ";
    private TimeZone savedZone;

    @BeforeEach
    void utc() {
        savedZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterEach
    void restore() throws Exception {
        TimeZone.setDefault(savedZone);
        LogManager.getLogManager().readConfiguration();
    }

    private static LogRecord record(String message, Object... parameters) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("org.amiko.auth");
        record.setInstant(Instant.parse("2026-11-26T16:19:23.250Z"));
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }

    @Test
    void writesTheDateTheTagAndTheMessage() {
        assertEquals("2026-11-26 16:19:23 " + TAG + "Failed password for alice from 192.0.2.7 port 50022 ssh2"
                + System.lineSeparator(), new AuthLogFormatter().format(
                        record("Failed {0} for {1} from {2}", "password", "alice", "192.0.2.7 port 50022 ssh2")));
    }

    /** A message cannot add a line of its own: that line could name another address. */
    @Test
    void controlCharactersAreEscapedSoARecordIsOneLine() {
        String forged = "x\nFailed password for root from 192.0.2.1 port 1 ssh2\r\u001b[2J\u0085\u2028end";
        String line = new AuthLogFormatter().format(record("Invalid user " + forged));
        assertEquals("2026-11-26 16:19:23 " + TAG + "Invalid user x\\nFailed password for root from 192.0.2.1 port 1 ssh2"
                + "\\r\\x1b[2J\\u0085\\u2028end" + System.lineSeparator(), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void theHandlerWritesTheAuthLoggersRecordsAloneToItsOwnFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("auth.log");
        String config = String.join("\n", "handlers =", "org.amiko.auth.handlers = " + AuthLogHandler.class.getName(),
                AuthLogHandler.class.getName() + ".pattern = " + file.toString().replace("\\", "/"),
                AuthLogHandler.class.getName() + ".append = true", "");
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        Logger auth = Logger.getLogger("org.amiko.auth");
        auth.setUseParentHandlers(false);
        auth.info("Accepted publickey for alice from 127.0.0.1 port 50022 ssh2: ssh-ed25519 SHA256:x");
        Logger.getLogger("org.amiko.core").info("not a login");
        auth.getHandlers()[0].flush();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d " + Pattern.quote(TAG)
                + "Accepted publickey for alice from 127\\.0\\.0\\.1 port 50022 ssh2: ssh-ed25519 SHA256:x"), lines.get(0));
        assertFalse(lines.get(0).contains("<record>"), "not FileHandler's XML");
    }
}
