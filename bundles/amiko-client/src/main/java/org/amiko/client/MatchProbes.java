// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.File;
import java.io.IOException;
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
     * the command may take as long as it takes; an interrupt gives up on it (and it is killed).
     *
     * @throws IllegalArgumentException when the shell cannot be run, which ssh refuses too
     */
    static boolean succeeds(String command, ConfigTokens tokens) {
        String expanded = PercentTokens.expand(command, tokens::value, false);
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
            LOG.log(Level.WARNING, "Match exec {0}: not run: {1}", expanded, e.getMessage());
            return false;
        }
        try {
            return process.waitFor() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
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
