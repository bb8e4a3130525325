// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One SSH channel (RFC 4254 section 5), with paramiko's {@code Channel} operations in Java idiom.
 *
 * <p>Data flows through bounded buffers governed by the SSH window: {@link #getOutputStream()}
 * blocks while the peer's window is exhausted, and the peer can never send more than this side has
 * read plus one window. Streams are safe for one reader and one writer thread at a time.
 */
@ProviderType
public interface Channel extends AutoCloseable {
    /** The channel type of a forwarded agent connection (OpenSSH PROTOCOL.agent). */
    String AGENT_CHANNEL = "auth-agent@openssh.com";
    /** The channel type of a forwarded X11 connection (RFC 4254 section 6.3.2). */
    String X11_CHANNEL = "x11";

    /** This side's channel number. */
    int getId();

    /** The channel type, e.g. {@code session}. */
    String getType();

    /** The transport this channel runs on. */
    Transport getTransport();

    // ---- session requests sent by the client (RFC 4254 section 6) ----

    /** Requests a pseudo-terminal ({@code pty-req}, section 6.2). */
    void getPty(String term, int columns, int rows, int widthPixels, int heightPixels, byte[] terminalModes)
            throws IOException;

    /** Requests a pseudo-terminal of 80x24 {@code vt100}. */
    default void getPty() throws IOException {
        getPty("vt100", 80, 24, 0, 0, new byte[] {0});
    }

    /** Sends {@code window-change} (section 6.7). */
    void resizePty(int columns, int rows, int widthPixels, int heightPixels) throws IOException;

    /** Sends {@code env} (section 6.4); throws if the server refuses. */
    void setEnvironmentVariable(String name, String value) throws IOException;

    /**
     * Sends {@code env} (section 6.4) without asking for a reply, as ssh sends SendEnv and SetEnv:
     * no round trip, and a variable the server does not take is dropped there without a word.
     *
     * @implSpec The default asks for the reply and ignores a refusal.
     * @since 1.6
     */
    default void sendEnvironmentVariable(String name, String value) throws IOException {
        try {
            setEnvironmentVariable(name, value);
        } catch (SshException refused) {
            if (isClosed()) {
                throw refused;
            }
        }
    }

    /** Runs a command ({@code exec}, section 6.5); throws if the server refuses. */
    void exec(String command) throws IOException;

    /** Starts a shell ({@code shell}, section 6.5). */
    void invokeShell() throws IOException;

    /** Starts a subsystem ({@code subsystem}, section 6.5), e.g. {@code sftp}. */
    void invokeSubsystem(String name) throws IOException;

    /**
     * Asks the server to forward agent connections to this client ({@code auth-agent-req@openssh.com},
     * OpenSSH PROTOCOL.agent); serve them with {@link Transport#setChannelHandler} for
     * {@link #AGENT_CHANNEL}.
     *
     * @return whether the server agreed
     */
    boolean requestForwardAgent() throws IOException;

    /**
     * Asks the server to forward X11 connections to this client ({@code x11-req}, RFC 4254 section
     * 6.3.1), as {@code ssh -X} does; serve the {@link #X11_CHANNEL} channels it opens with
     * {@link Transport#setChannelHandler}, relaying each to the local display. paramiko's
     * {@code request_x11}.
     *
     * @param authCookie the cookie in hexadecimal; send a fake one (RFC 4254 section 6.3.1) and put
     *     the real one into each connection's setup, as ssh does
     * @return whether the server agreed
     */
    boolean requestX11(boolean singleConnection, String authProtocol, String authCookie, int screenNumber)
            throws IOException;

    /** Sends a {@code signal} (section 6.9), e.g. {@code TERM}. */
    void sendSignal(String signal) throws IOException;

    // ---- data (section 5.2) ----

    /**
     * The peer's data: a remote command's stdout on the client, the client's stdin on the server.
     * Its {@code transferTo} writes each received packet's bytes from the packet itself, without a
     * copy, and the packet's array is filled again later: the target must not keep the array once
     * its {@code write} returns, as with any caller that reuses its buffer.
     */
    InputStream getInputStream();

    /** Extended data of type 1: a remote command's stderr (client side). */
    InputStream getExtendedInputStream();

    /** Data to the peer. {@code close()} on it sends EOF. */
    OutputStream getOutputStream();

    /** Extended data of type 1 (stderr) to the peer; server side. */
    OutputStream getExtendedOutputStream();

    /**
     * Reads up to {@code length} bytes, blocking until some arrive.
     *
     * @return bytes read, or -1 after EOF
     */
    default int recv(byte[] buffer, int offset, int length) throws IOException {
        return getInputStream().read(buffer, offset, length);
    }

    /** As {@link #recv} for stderr. */
    default int recvStderr(byte[] buffer, int offset, int length) throws IOException {
        return getExtendedInputStream().read(buffer, offset, length);
    }

    /** Sends all bytes, blocking while the peer's window is full (paramiko's {@code sendall}). */
    default void send(byte[] data) throws IOException {
        getOutputStream().write(data);
        getOutputStream().flush();
    }

    /** As {@link #send} on stderr. */
    default void sendStderr(byte[] data) throws IOException {
        getExtendedOutputStream().write(data);
        getExtendedOutputStream().flush();
    }

    /** Sends {@code SSH_MSG_CHANNEL_EOF}: no more data from this side (paramiko's {@code shutdown_write}). */
    void shutdownOutput() throws IOException;

    /** Whether the peer sent EOF. */
    boolean isEofReceived();

    // ---- exit status (section 6.10) ----

    /**
     * Waits until the remote command exits or the channel closes.
     *
     * @return the exit status, or -1 if the channel closed without one (see {@link #getExitSignal()})
     */
    int recvExitStatus() throws IOException, InterruptedException;

    /** As {@link #recvExitStatus()}, giving up after {@code timeout} with empty. */
    Optional<Integer> recvExitStatus(Duration timeout) throws IOException, InterruptedException;

    /** Whether an exit status has arrived. */
    boolean isExitStatusReady();

    /** The exit signal, if the command was killed by one. */
    Optional<ExitSignal> getExitSignal();

    /**
     * Server side: sends {@code exit-status} (RFC 4254 section 6.10). Send it before
     * {@link #shutdownOutput()}: a client whose own input has ended may answer the EOF with CLOSE at
     * once and ignore what follows, as Dropbear's does, and then never learns the status.
     */
    void sendExitStatus(int status) throws IOException;

    /** Server side: sends {@code exit-signal}; before {@link #shutdownOutput()}, as {@link #sendExitStatus}. */
    void sendExitSignal(ExitSignal signal) throws IOException;

    /** Whether the channel is closed (both sides sent {@code SSH_MSG_CHANNEL_CLOSE}, or the transport ended). */
    boolean isClosed();

    /**
     * Completes once the peer has sent {@code SSH_MSG_CHANNEL_CLOSE} (RFC 4254 section 5.3), the
     * transport has ended, or a channel timeout ({@link Transport#setChannelTimeouts}) has closed
     * the channel: nothing more is read from it and nothing more can be sent. A server
     * uses it to stop the work behind a channel whose client went away. Actions attached without an
     * executor run on the thread that handles the close and must not block.
     */
    CompletionStage<Void> whenClosed();

    /** Sends EOF if not yet sent, then {@code SSH_MSG_CHANNEL_CLOSE}; does not wait for the peer. */
    @Override
    void close() throws IOException;
}
