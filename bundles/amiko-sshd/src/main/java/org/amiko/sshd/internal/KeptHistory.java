// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * JLine's history kept in a user's file ({@code shellHistory}), whose faults cost the session
 * that file, never the session: JLine lets some escape its reading and trimming as runtime
 * exceptions (a line cut short after a backslash, bytes that are not UTF-8, after a full disk or a
 * hand edit), which would end every session of that user until the file was mended. After the
 * first such fault the session keeps its lines in memory.
 */
final class KeptHistory extends DefaultHistory {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private final Path file;
    private volatile boolean failed;

    KeptHistory(Path file) {
        this.file = file;
    }

    @Override
    public void load() throws IOException {
        try {
            super.load();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void add(Instant time, String line) {
        try {
            super.add(time, line);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void save() throws IOException {
        if (failed) {
            return;
        }
        try {
            super.save();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        if (!failed) {
            failed = true;
            LOG.log(System.Logger.Level.WARNING, "the shell history {0} cannot be read or written, so this session "
                    + "keeps its lines in memory: {1}", file, e.toString());
        }
    }
}
