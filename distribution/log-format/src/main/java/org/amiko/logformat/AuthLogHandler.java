// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import java.io.IOException;
import java.util.logging.FileHandler;
import java.util.logging.LogManager;

/**
 * A {@link FileHandler} for the auth log, with settings of its own: java.util.logging configures a
 * file handler by its class name, so the distribution's {@code logging.properties} can give this
 * one ({@code org.amiko.logformat.AuthLogHandler.pattern}, {@code .limit}, {@code .count},
 * {@code .append}, {@code .formatter}, ...) a file other than the main log's. Attached to the
 * logger {@code org.amiko.auth} there ({@code org.amiko.auth.handlers}), it gets the login records
 * only, which still reach the main log too. Without a {@code .formatter} it writes
 * {@link AuthLogFormatter}'s lines, not FileHandler's XML.
 */
public final class AuthLogHandler extends FileHandler {
    public AuthLogHandler() throws IOException {
        super();
        if (LogManager.getLogManager().getProperty(getClass().getName() + ".formatter") == null) {
            setFormatter(new AuthLogFormatter());
        }
    }
}
