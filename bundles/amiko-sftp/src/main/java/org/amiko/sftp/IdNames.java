// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * The packed name lists of the {@code users-groups-by-id@openssh.com} reply (OpenSSH PROTOCOL
 * section 4.12): one {@code string} per id asked, in order.
 */
final class IdNames {
    private IdNames() {}

    static List<String> read(byte[] packed, int expected) throws SftpException {
        List<String> names = new ArrayList<>(expected);
        WireReader reader = new WireReader(packed);
        try {
            while (!reader.isEmpty()) {
                names.add(new String(reader.readString(), StandardCharsets.UTF_8));
            }
        } catch (WireFormatException e) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "users-groups-by-id: " + e.getMessage());
        }
        if (names.size() != expected) {
            throw new SftpException(SftpStatus.BAD_MESSAGE,
                    "users-groups-by-id: " + names.size() + " names for " + expected + " ids");
        }
        return names;
    }
}
