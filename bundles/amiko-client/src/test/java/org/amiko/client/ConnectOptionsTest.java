// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectOptionsTest {
    @Test
    void toStringNeverShowsThePasswordOrPassphrase() {
        ConnectOptions options = new ConnectOptions(List.of(), true, false, "correct horse".toCharArray(), "s3cret-Pa55");
        String text = options.toString();
        assertFalse(text.contains("s3cret-Pa55"), text);
        assertFalse(text.contains("correct horse"), text);
        assertTrue(text.contains("password=***") && text.contains("passphrase=***"), text);
        assertTrue(text.contains("allowAgent=true"), text);
    }

    @Test
    void toStringSaysWhenNoSecretIsSet() {
        assertEquals("ConnectOptions[keys=0, allowAgent=true, lookForKeys=true, passphrase=none, password=none]",
                ConnectOptions.defaults().toString());
    }
}
