// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.sshd.OsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code signal} request (RFC 4254 section 6.9) with {@code shell=os}, as sshd's
 * {@code session_signal_req} serves it: the names it knows, to the command's process group, and
 * not to a forced command. The client asks for no reply (as ssh, JSch and AsyncSSH send it), so a
 * refusal shows as a signal that never comes: a window change sent after it is trapped alone.
 * dash runs pending traps in signal-number order, USR1 (10) before WINCH (28), so a USR1 that had
 * been sent would print first.
 */
@Timeout(60)
class OsSignalTest {
    /** Prints what it is sent, and ends at a window change. */
    private static final String TRAPS = "trap 'echo got USR1' USR1; trap 'echo got INT' INT;"
            + " trap 'stty size; exit 0' WINCH; echo $((6*7)); while :; do sleep 0.1; done";

    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void aSignalReachesACommandWithoutATerminal() throws Exception {
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Channel channel = client.openSession();
            channel.exec("trap 'echo got USR2; exit 4' USR2; echo $((6*7)); while :; do sleep 0.1; done");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("42\n");
            channel.sendSignal("USR2");
            output.rest();
            assertEquals("42\ngot USR2\n", output.text());
            assertEquals(4, channel.recvExitStatus());
        }
    }

    /** INT to a command that does not trap it ends it, as Ctrl-C would: 128 + 2. */
    @Test
    void intEndsACommandAsCtrlCWould() throws Exception {
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Channel channel = client.openSession();
            // exec: a child the shell forked while the signal went could miss it, which would hang this test
            channel.exec("echo $((6*7)); exec sleep 300");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("42\n");
            channel.sendSignal("INT");
            output.rest();
            assertEquals(130, channel.recvExitStatus());
        }
    }

    /** On a terminal the signal goes to the session's process group, as sshd's killpg. */
    @Test
    void onATerminalTheSignalReachesTheSession() throws Exception {
        assumeTrue(OsCommand.terminalsAvailable(), "util-linux script(1) not installed");
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.exec(TRAPS);
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("42\r\n");
            channel.sendSignal("USR1");
            // one at a time: dash runs two pending traps in signal-number order, INT's first
            output.await("got USR1\r\n");
            channel.sendSignal("INT");
            output.await("got INT\r\n");
            channel.resizePty(120, 40, 0, 0);
            output.rest();
            // the group's sleep gets them too, and the shell may say so when USR1 ends it
            assertEquals("42\r\ngot USR1\r\ngot INT\r\n40 120\r\n",
                    output.text().replace("User defined signal 1\r\n", ""));
        }
    }

    /** Names sshd does not send are refused: STOP would freeze the command, and its window change would never end it. */
    @Test
    void namesSshdDoesNotSendAreRefused() throws Exception {
        assertEquals("42\r\n40 120\r\n", trapsOnATerminal(TRAPS, "SIGUSR1", "10", "STOP"));
    }

    /** As sshd: a forced command gets no signals; its window changes still come. */
    @Test
    void aForcedCommandGetsNoSignals() throws Exception {
        appliance.forceCommand = TRAPS;
        assertEquals("42\r\n40 120\r\n", trapsOnATerminal("anything", "USR1"));
    }

    /** Runs {@code command} ({@link #TRAPS}, or what forces it) on a terminal, sends {@code signals}, then a window change. */
    private String trapsOnATerminal(String command, String... signals) throws Exception {
        assumeTrue(OsCommand.terminalsAvailable(), "util-linux script(1) not installed");
        try (Transport client = appliance.passwordLogin(appliance.os, directory)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.exec(command);
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("42\r\n");
            for (String signal : signals) {
                channel.sendSignal(signal);
            }
            channel.resizePty(120, 40, 0, 0);
            output.rest();
            return output.text();
        }
    }
}
