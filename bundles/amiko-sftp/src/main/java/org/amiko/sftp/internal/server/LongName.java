// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.amiko.sftp.SftpAttributes;

/**
 * The {@code longname} of a directory entry, the {@code ls -l} line that OpenSSH's {@code sftp}
 * prints for {@code ls -l} as it comes (draft-ietf-secsh-filexfer-02 section 7 leaves the format
 * open; this is OpenSSH's {@code ls_file}).
 */
public final class LongName {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ROOT);
    private static final Duration SIX_MONTHS = Duration.ofDays(365 / 2);

    private LongName() {}

    /** The line for {@code name} with {@code attributes}, owned by {@code owner}/{@code group}. */
    public static String format(String name, SftpAttributes attributes, int links, String owner, String group,
            Instant now, ZoneId zone) {
        String date;
        if (attributes.has(SftpAttributes.FLAG_ACMODTIME)) {
            Instant modified = Instant.ofEpochSecond(attributes.mtime());
            boolean recent = modified.isAfter(now.minus(SIX_MONTHS)) && !modified.isAfter(now);
            date = (recent ? RECENT : OLD).format(ZonedDateTime.ofInstant(modified, zone));
        } else {
            date = "            ";
        }
        return String.format(Locale.ROOT, "%s %3d %-8s %-8s %8d %s %s", attributes.modeString(), links, owner, group,
                attributes.size(), date, name);
    }
}
