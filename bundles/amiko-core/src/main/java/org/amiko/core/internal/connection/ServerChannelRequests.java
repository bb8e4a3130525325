// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.OpenChannelResult;
import org.amiko.StreamLocal;
import org.amiko.TcpipAddresses;
import org.amiko.Transport;
import org.amiko.core.internal.io.Workers;
import org.amiko.server.PtyRequest;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;
import org.amiko.server.X11Request;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The server's side of session requests (RFC 4254 section 6): each one is put to the
 * {@link ServerInterface} hook, which denies by default, and answered. Subsystems with a registered
 * {@link SubsystemHandler} are started on a worker thread after the reply has been sent.
 */
final class ServerChannelRequests {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    /** Bounds on peer-supplied strings that end up in hooks. */
    private static final int MAX_COMMAND = 256 * 1024;
    /**
     * OpenSSH PROTOCOL section 2.2: the client will open no further session channels. ssh sends it
     * after its first session unless it multiplexes, so a session opened later was not asked for
     * by the user (a compromised or hijacked client); sshd ends the connection then, and so do we.
     */
    static final String NO_MORE_SESSIONS = "no-more-sessions@openssh.com";

    private final ServerInterface server;
    private final Function<String, SubsystemHandler> subsystems;
    private final Transport transport;
    private final HostKeyUpdate hostKeys;
    /** Set on the serial executor, read there too; volatile for the operators' threads. */
    private volatile boolean noMoreSessions;

    ServerChannelRequests(ServerInterface server, Function<String, SubsystemHandler> subsystems,
            Transport transport, HostKeyUpdate hostKeys) {
        this.server = server;
        this.subsystems = subsystems;
        this.transport = transport;
        this.hostKeys = hostKeys;
    }

    /**
     * Ends the connection when the client opens a session after {@value #NO_MORE_SESSIONS}.
     *
     * @throws DisconnectException then
     */
    void checkOpenAllowed(String type) throws DisconnectException {
        if (noMoreSessions && "session".equals(type)) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "a session channel opened after " + NO_MORE_SESSIONS, true);
        }
    }

    OpenChannelResult channelOpen(String type, int id) {
        OpenChannelResult result = server.checkChannelRequest(type, id);
        return result == null ? OpenChannelResult.ADMINISTRATIVELY_PROHIBITED : result;
    }

    /**
     * Judges a global request; the port forwarding ones (RFC 4254 section 7.1) go to their own
     * hooks, read and checked here (a port outside 0-65535 is refused without asking), as do
     * OpenSSH's Unix socket forwarding requests (PROTOCOL section 2.4); OpenSSH's host key proofs
     * and {@value #NO_MORE_SESSIONS} are answered here.
     */
    Optional<byte[]> globalRequest(String name, byte[] data) throws WireFormatException {
        if (name.equals(HostKeyUpdate.PROVE)) {
            return hostKeys.prove(data);
        }
        if (name.equals(NO_MORE_SESSIONS)) {
            noMoreSessions = true;
            return Optional.of(new byte[0]);
        }
        if (name.equals(StreamLocal.FORWARD) || name.equals(StreamLocal.CANCEL_FORWARD)) {
            String path;
            try {
                path = StreamLocal.path(data);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            boolean done = name.equals(StreamLocal.FORWARD) ? server.checkStreamLocalForwardRequest(path)
                    : server.cancelStreamLocalForwardRequest(path);
            return done ? Optional.of(new byte[0]) : Optional.empty();
        }
        if (name.equals(TcpipAddresses.TCPIP_FORWARD) || name.equals(TcpipAddresses.CANCEL_TCPIP_FORWARD)) {
            WireReader in = new WireReader(data);
            String address = in.readUtf8();
            long port = Integer.toUnsignedLong(in.readUint32());
            if (port > 0xFFFF) {
                return Optional.empty();
            }
            if (name.equals(TcpipAddresses.CANCEL_TCPIP_FORWARD)) {
                return server.cancelPortForwardRequest(address, (int) port) ? Optional.of(new byte[0]) : Optional.empty();
            }
            OptionalInt bound = server.checkPortForwardRequest(address, (int) port);
            if (bound == null || bound.isEmpty()) {
                return Optional.empty();
            }
            // the port goes back only when the server picked it (section 7.1)
            return Optional.of(port == 0 ? new WireWriter(4).writeUint32(bound.getAsInt()).toByteArray() : new byte[0]);
        }
        Optional<byte[]> answer = server.checkGlobalRequest(name, data);
        return answer == null ? Optional.empty() : answer;
    }

    /**
     * Judges one request and sends the reply when one is wanted; returns whether it was granted.
     * A second shell, exec or subsystem request on a channel is refused without asking the hooks
     * (RFC 4254 section 6.5: only one of them succeeds per channel), as OpenSSH's sshd does: else a
     * client could start any number of subsystem handlers, each with a thread, on one channel.
     */
    boolean channelRequest(SshChannel channel, String type, WireReader in, boolean wantReply) throws IOException {
        Runnable afterReply = null;
        String subsystemName = null;
        boolean ok;
        boolean free = !channel.isCommandStarted();
        boolean startsCommand = type.equals("exec") || type.equals("shell") || type.equals("subsystem");
        switch (type) {
            case "exec" -> {
                String command = in.readUtf8();
                ok = free && command.length() <= MAX_COMMAND && server.checkChannelExecRequest(channel, command);
            }
            case "shell" -> ok = free && server.checkChannelShellRequest(channel);
            case "subsystem" -> {
                String name = in.readUtf8();
                subsystemName = name;
                SubsystemHandler handler = subsystems.apply(name);
                ok = free && handler != null && server.checkChannelSubsystemRequest(channel, name);
                if (ok) {
                    afterReply = () -> Workers.pool().execute(() -> runSubsystem(handler, name, channel));
                }
            }
            case "pty-req" -> {
                PtyRequest request = new PtyRequest(in.readUtf8(), in.readUint32(), in.readUint32(), in.readUint32(),
                        in.readUint32(), in.readString());
                ok = server.checkChannelPtyRequest(channel, request);
            }
            case "window-change" -> ok = server.checkChannelWindowChangeRequest(channel, in.readUint32(),
                    in.readUint32(), in.readUint32(), in.readUint32());
            case "env" -> ok = server.checkChannelEnvRequest(channel, in.readUtf8(), in.readUtf8());
            case "signal" -> ok = server.checkChannelSignalRequest(channel, in.readUtf8());
            case "auth-agent-req@openssh.com" -> ok = server.checkChannelForwardAgentRequest(channel);
            case "x11-req" -> ok = server.checkChannelX11Request(channel,
                    new X11Request(in.readBoolean(), in.readUtf8(), in.readUtf8(), in.readUint32()));
            default -> ok = false;
        }
        if (ok && startsCommand) {
            channel.markCommandStarted();
            channel.labelUse(switch (type) {
                case "exec" -> "session:command";
                case "shell" -> "session:shell";
                default -> "session:subsystem:" + subsystemName;
            });
        }
        if (wantReply) {
            channel.reply(ok);
        }
        if (afterReply != null) {
            afterReply.run();
        }
        return ok;
    }

    /**
     * Runs a subsystem and ends its channel as sshd does when a subsystem process exits: EOF, an
     * exit status (0, or 1 if the handler failed) unless the handler sent one, then CLOSE. Clients
     * such as OpenSSH's {@code scp} in SFTP mode report a failure without the status.
     */
    private void runSubsystem(SubsystemHandler handler, String name, SshChannel channel) {
        int status = 0;
        try {
            // here, on the worker: a hook that fails ends the subsystem as a failing handler does
            handler.startSubsystem(name, List.copyOf(server.getSubsystemArguments(channel, name)), transport, channel);
        } catch (IOException | RuntimeException e) {
            status = 1;
            LOG.log(Level.DEBUG, () -> "subsystem " + name + " ended with " + e);
        } finally {
            try {
                if (!channel.isExitSent() && !channel.isClosed()) {
                    channel.sendExitStatus(status); // before the EOF (see Channel#sendExitStatus)
                    channel.shutdownOutput();
                }
                channel.close();
            } catch (IOException e) {
                // the client closed the channel first: no one is left to tell
            }
        }
    }
}
