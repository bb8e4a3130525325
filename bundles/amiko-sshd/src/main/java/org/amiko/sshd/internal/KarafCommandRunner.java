// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.security.auth.Subject;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code shell=gogo} inside Karaf: Karaf's commands ({@code bundle:list}, {@code feature:install},
 * and Amiko's own {@code amiko:*}) need one of Karaf's console sessions, which its
 * {@link SessionFactory} makes; preferred over plain Gogo when present. Results are shown as
 * Karaf's console shows them, through Gogo's formatter.
 */
@Component(service = KarafCommandRunner.class)
public final class KarafCommandRunner extends ShellRunner {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private final SessionFactory factory;
    private final CommandProcessor formatter;

    @org.osgi.service.component.annotations.Activate
    public KarafCommandRunner(@Reference SessionFactory factory, @Reference CommandProcessor formatter) {
        this.factory = factory;
        this.formatter = formatter;
    }

    @Override
    ShellSession open(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        Session session = factory.create(in, out, err);
        fill(session, environment);
        return new ShellSession() {
            @Override
            public Object execute(String line) throws Exception {
                return session.execute(line);
            }

            @Override
            public String format(Object result) {
                // Karaf's API session has no formatter; a throw-away Gogo session has the same one
                try (CommandSession formatting = formatter.createSession(InputStream.nullInputStream(),
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))) {
                    return String.valueOf(formatting.format(result, Converter.INSPECT));
                }
            }

            /** The commands of Karaf's registry, as {@code scope:name} and plain {@code name}. */
            @Override
            public Collection<String> commandNames() {
                List<String> scoped = new ArrayList<>();
                for (Command command : session.getRegistry().getCommands()) {
                    scoped.add(command.getScope() + ":" + command.getName());
                }
                return withPlainNames(scoped);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /**
     * Puts the client's variables in a new Karaf session, and the subject this thread runs as
     * where Karaf's SSH server puts it, for commands that ask who runs them.
     */
    static void fill(Session session, Map<String, String> environment) {
        environment.forEach(session::put);
        KarafSubject.current().ifPresent(subject -> session.put(Subject.class.getName(), subject));
    }

    /**
     * Under the JAAS subject the realm logged in, as Karaf's SSH server runs its console, else one
     * of the login's name and {@code karafRoles}: the roles Karaf's command ACLs check. On a thread
     * of the session's own, as Karaf starts one per session: its secured session factory caches per
     * thread which commands are visible, and its console interrupts the thread it ran on when it
     * closes, so a pooled thread would carry one user's commands, or a late interrupt, to the next.
     */
    @Override
    void runAs(ShellLogin login, Runnable body) {
        Subject subject = null;
        if (login != null) {
            try {
                subject = login.jaas() != null ? login.jaas() : KarafSubject.of(login);
            } catch (LinkageError e) {
                // a Karaf without its JAAS principals exported: commands its ACLs guard are refused
                LOG.log(System.Logger.Level.WARNING, "cannot run as {0} with roles {1}: {2}", login.user(),
                        login.karafRoles(), e.toString());
            }
        }
        Subject as = subject;
        Thread session = new Thread(() -> {
            if (as == null) {
                body.run();
            } else {
                KarafSubject.runAs(as, body);
            }
        }, "amiko-karaf-session");
        session.setDaemon(true);
        session.start();
        // the session's thread ends with the channel (its close interrupts that thread); an
        // interrupt of this worker (the server stopping) goes on to it, and this waits for its end
        boolean interrupted = false;
        while (true) {
            try {
                session.join();
                break;
            } catch (InterruptedException e) {
                session.interrupt();
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Karaf's own console, as its SSH server opens it; Amiko's line reading if it cannot be opened. */
    @Override
    OptionalInt console(Channel channel, PtyRequest pty, CommandControl control, Map<String, String> environment) {
        KarafConsole console;
        try {
            console = KarafConsole.open(factory, channel, pty, control, environment);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Karaf''s console cannot be opened, so the shell has Amiko''s "
                    + "line reading: {0}", e.toString());
            return OptionalInt.empty();
        }
        return OptionalInt.of(console.run());
    }

    @Override
    String prompt() {
        return "karaf> ";
    }

    @Override
    String name() {
        return "karaf";
    }
}
