// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.OsCommand;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code shell=gogo}: runs Gogo commands. {@code exec} runs one command line and reports 0, or 1
 * with the error on stderr; {@code shell} reads lines with a small line editor (echo, backspace,
 * Ctrl-C, Ctrl-D) when the client asked for a pty, and runs each. A separate component, so the
 * server still works (with {@code shell=os}) where Gogo is not installed.
 */
@Component(service = GogoCommandRunner.class)
public final class GogoCommandRunner implements CommandRunner {
    private static final String PROMPT = "g! ";

    private final CommandProcessor processor;

    @org.osgi.service.component.annotations.Activate
    public GogoCommandRunner(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment) {
        OutputStream rawOut = pty == null ? channel.getOutputStream() : new CrLfOutputStream(channel.getOutputStream());
        OutputStream rawErr = pty == null ? channel.getExtendedOutputStream()
                : new CrLfOutputStream(channel.getExtendedOutputStream());
        PrintStream out = new PrintStream(rawOut, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(rawErr, true, StandardCharsets.UTF_8);
        int status = 0;
        try (CommandSession session = processor.createSession(channel.getInputStream(), out, err)) {
            environment.forEach(session::put);
            if (command != null) {
                status = execute(session, command, out, err);
            } else {
                LineEditor editor = new LineEditor(channel.getInputStream(), rawOut, pty != null);
                String line;
                out.print(PROMPT);
                while ((line = editor.readLine()) != null) {
                    if (line.trim().equals("exit") || line.trim().equals("logout")) {
                        break;
                    }
                    if (!line.isBlank()) {
                        status = execute(session, line, out, err);
                    }
                    out.print(PROMPT);
                }
            }
        } catch (IOException e) {
            status = 255;
        }
        out.flush();
        err.flush();
        OsCommand.finish(channel, status, null, null);
    }

    private static int execute(CommandSession session, String line, PrintStream out, PrintStream err) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            err.println("gogo: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
