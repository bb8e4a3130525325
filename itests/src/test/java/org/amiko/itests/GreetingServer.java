// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.server.ServerInterface;

/**
 * A server whose sessions answer any command with {@code hello USER} and exit status 0, so that a
 * test of an authentication method can show which user got in. Subclasses say who may.
 */
abstract class GreetingServer implements ServerInterface {
    private final Transport transport;

    GreetingServer(Transport transport) {
        this.transport = transport;
    }

    @Override
    public OpenChannelResult checkChannelRequest(String type, int channelId) {
        return OpenChannelResult.SUCCEEDED;
    }

    @Override
    public boolean checkChannelExecRequest(Channel channel, String command) {
        new Thread(() -> {
            try (OutputStream out = channel.getOutputStream()) {
                out.write(("hello " + transport.getUsername() + "\n").getBytes(StandardCharsets.UTF_8));
                channel.sendExitStatus(0);
                channel.close();
            } catch (IOException e) {
                // the client went away
            }
        }).start();
        return true;
    }
}
