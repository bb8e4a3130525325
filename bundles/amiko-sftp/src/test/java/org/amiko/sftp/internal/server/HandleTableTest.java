// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.sftp.SftpException;
import org.junit.jupiter.api.Test;

/** The handles of all sessions together are bounded, and what one session closes is free for the others. */
class HandleTableTest {

    @Test
    void handlesOfAllSessionsTogetherAreBounded() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        Closeable handle = closed::incrementAndGet;
        List<HandleTable> sessions = new ArrayList<>();
        try {
            SftpException refused = fillUntilRefused(sessions, handle);
            assertTrue(refused.getMessage().contains("on this server"), refused.getMessage());
            assertEquals(1, closed.get(), "the refused handle is closed");
            // the last session is below its own bound: it is the process's that refuses
            HandleTable last = sessions.get(sessions.size() - 1);
            assertTrue(last.size() < HandleTable.MAX_HANDLES);
            assertThrows(SftpException.class, () -> last.add(handle));
            sessions.get(0).closeAll(); // a session ends
            last.add(handle);
        } finally {
            sessions.forEach(HandleTable::closeAll);
        }
    }

    /** Opens sessions of {@link HandleTable#MAX_HANDLES} handles each until one add is refused. */
    private static SftpException fillUntilRefused(List<HandleTable> sessions, Closeable handle) {
        while (sessions.size() <= HandleTable.MAX_PROCESS_HANDLES / HandleTable.MAX_HANDLES) {
            HandleTable session = new HandleTable();
            sessions.add(session);
            for (int i = 0; i < HandleTable.MAX_HANDLES; i++) {
                try {
                    session.add(handle);
                } catch (SftpException e) {
                    return e;
                }
            }
        }
        throw new AssertionError("more than " + HandleTable.MAX_PROCESS_HANDLES + " handles were accepted in all");
    }
}
