// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;

/**
 * The server side the engine tests share: anyone logs in with "none", any channel opens, and an
 * {@code exec} echoes the channel's input back until EOF, then exits 0 and closes the channel. A
 * session the test ends mid-echo just stops echoing.
 */
final class EchoServerInterface implements ServerInterface {

    @Override
    public AuthResult checkAuthNone(String username) {
        return AuthResult.SUCCESSFUL;
    }

    @Override
    public OpenChannelResult checkChannelRequest(String type, int channelId) {
        return OpenChannelResult.SUCCEEDED;
    }

    @Override
    public boolean checkChannelExecRequest(Channel channel, String command) {
        CompletableFuture.runAsync(() -> {
            try (InputStream in = channel.getInputStream(); OutputStream out = channel.getOutputStream()) {
                in.transferTo(out);
                channel.sendExitStatus(0);
                channel.close();
            } catch (IOException e) {
                // the session was ended by the test; what the test checks is on the client side
            }
        });
        return true;
    }
}
