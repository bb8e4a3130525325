// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code shell=gogo} on plain Gogo (as in the Felix distribution). A separate component, so the
 * server still works (with {@code shell=os}) where Gogo is not installed.
 */
@Component(service = GogoCommandRunner.class)
public final class GogoCommandRunner extends ShellRunner {
    private final CommandProcessor processor;

    @org.osgi.service.component.annotations.Activate
    public GogoCommandRunner(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    ShellSession open(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandSession session = processor.createSession(in, out, err);
        environment.forEach(session::put);
        return new ShellSession() {
            @Override
            public Object execute(String line) throws Exception {
                return session.execute(line);
            }

            @Override
            public String format(Object result) {
                return String.valueOf(session.format(result, Converter.INSPECT));
            }

            /** Gogo's {@code scope:name} commands (its session's {@code .commands}), and their plain names. */
            @Override
            public Collection<String> commandNames() {
                Object commands = session.get(".commands");
                return commands instanceof Collection<?> scoped ? withPlainNames(scoped) : List.of();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    String prompt() {
        return "g! ";
    }

    @Override
    String name() {
        return "gogo";
    }
}
