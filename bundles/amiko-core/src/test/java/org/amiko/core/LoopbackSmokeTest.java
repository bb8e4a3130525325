// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.Test;

class LoopbackSmokeTest {

    @Test
    void execRoundTrip() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(List.of(hostKey)).server(t -> new ServerInterface() {
                    @Override
                    public AuthResult checkAuthPassword(String user, String password) {
                        return "secret".equals(password) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
                    }

                    @Override
                    public OpenChannelResult checkChannelRequest(String type, int id) {
                        return OpenChannelResult.SUCCEEDED;
                    }

                    @Override
                    public boolean checkChannelExecRequest(Channel channel, String command) {
                        new Thread(() -> {
                            try {
                                channel.getOutputStream().write(("ran " + command).getBytes(StandardCharsets.UTF_8));
                                channel.sendExitStatus(7);
                                channel.close();
                            } catch (IOException e) {
                                // the client may disconnect as soon as it has the exit status,
                                // before our CLOSE goes out; what the test checks arrived
                            }
                        }).start();
                        return true;
                    }
                }).start()) {
            try (Transport client = Amiko.connect("127.0.0.1", server.address().getPort())) {
                client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
                assertEquals(List.of(), client.authPassword("alice", "secret"));
                Channel channel = client.openSession();
                channel.exec("hello");
                String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("ran hello", out);
                assertEquals(7, channel.recvExitStatus());
            }
        }
    }
}
