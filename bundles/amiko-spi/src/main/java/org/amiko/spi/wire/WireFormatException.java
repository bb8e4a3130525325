// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.wire;

import java.io.IOException;

/** Bytes that do not follow the RFC 4251 section 5 encoding: a length past the end, a bad name-list. */
public class WireFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
