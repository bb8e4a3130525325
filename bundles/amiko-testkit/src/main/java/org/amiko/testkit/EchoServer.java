// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;

/**
 * The server side of loopback tests: every channel opens, and an {@code exec} echoes the channel's
 * input back until EOF, then exits 0 and closes the channel. Each echo runs on its own daemon
 * thread, so echoes never wait for one another; one whose session the test ends just stops.
 */
public final class EchoServer implements ServerInterface {
    private final byte[] password;

    private EchoServer(String password) {
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /** Anyone logs in with the "none" method. */
    public static EchoServer anyone() {
        return new EchoServer(null);
    }

    /** Any user name logs in with {@code password}, by the "password" method only. */
    public static EchoServer withPassword(String password) {
        return new EchoServer(password);
    }

    @Override
    public AuthResult checkAuthNone(String username) {
        return password == null ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
    }

    @Override
    public AuthResult checkAuthPassword(String username, String offered) {
        boolean matches = password != null
                && MessageDigest.isEqual(password, offered.getBytes(StandardCharsets.UTF_8));
        return matches ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
    }

    @Override
    public OpenChannelResult checkChannelRequest(String type, int channelId) {
        return OpenChannelResult.SUCCEEDED;
    }

    @Override
    public boolean checkChannelExecRequest(Channel channel, String command) {
        Thread echo = new Thread(() -> {
            try (InputStream in = channel.getInputStream(); OutputStream out = channel.getOutputStream()) {
                in.transferTo(out);
                channel.sendExitStatus(0);
                channel.close();
            } catch (IOException e) {
                // the session was ended by the test; what the test checks is on the client side
            }
        }, "echo-" + command);
        echo.setDaemon(true);
        echo.start();
        return true;
    }
}
