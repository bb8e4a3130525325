// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amiko.keys.PatternLists;

/**
 * The two {@code Match} criteria that look outside the configuration, as readconf.c decides
 * them: {@code exec} runs a command, and {@code localnetwork} looks at this machine's interfaces.
 */
final class MatchProbes {
    private static final System.Logger LOG = System.getLogger("org.amiko.client");

    private MatchProbes() {}

    /**
     * {@code Match exec}: whether {@code command}, its tokens expanded, exits with 0, run as ssh's
     * {@code execute_in_shell} runs it: by {@code $SHELL} (else {@code /bin/sh}) {@code -c},
     * reading nothing and its output discarded, its errors where this process's go. As in ssh,
     * the command may take as long as it takes. The host and user names it is given go into a
     * shell command, so one a shell would act on is refused where the command uses it
     * ({@link ProxyCommand#shellSafe}), as ssh since 9.6 refuses it.
     *
     * @throws IllegalArgumentException when the shell cannot be run, or a name is not safe in a
     *     shell command
     * @throws java.io.UncheckedIOException when the command cannot be started, or the wait for it
     *     is interrupted (and it is killed): the block cannot be decided, as ssh cannot decide it
     */
    static boolean succeeds(String command, ConfigTokens tokens) {
        String expanded = PercentTokens.expand(command, letter -> switch (letter) {
            case 'h' -> ProxyCommand.shellSafe(tokens.value('h'), "host name", "a Match exec command");
            case 'n' -> ProxyCommand.shellSafe(tokens.value('n'), "host name asked for", "a Match exec command");
            case 'r' -> ProxyCommand.shellSafe(tokens.value('r'), "user name", "a Match exec command");
            default -> tokens.value(letter);
        }, false);
        String shell = System.getenv("SHELL");
        if (shell == null || shell.isEmpty()) {
            shell = "/bin/sh";
        }
        if (!Files.isExecutable(Path.of(shell))) {
            throw new IllegalArgumentException("Match exec: shell " + shell + " is not executable");
        }
        Process process;
        try {
            process = new ProcessBuilder(shell, "-c", expanded).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Match exec " + expanded + ": not run", e);
        }
        try {
            return process.waitFor() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while Match exec " + expanded
                    + " ran"));
        }
    }

    /**
     * {@code Match localnetwork}: whether an address of an interface that is up is in
     * {@code networks}, a list of addresses and CIDR networks (readconf.c's
     * {@code check_match_ifaddrs}).
     */
    static boolean onLocalNetwork(String networks) {
        try {
            for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
                if (!network.isUp()) {
                    continue;
                }
                List<InetAddress> addresses = network.inetAddresses().toList();
                if (addresses.stream().anyMatch(address -> PatternLists.inCidrList(address, networks))) {
                    return true;
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "Match localnetwork: the interfaces cannot be read: {0}", e.getMessage());
        }
        return false;
    }
}
