// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;

/**
 * The line reading of the Gogo shell on a session channel with a pty (RFC 4254 section 6.2),
 * through JLine, as Karaf's console has it: the line being typed can be edited (arrows, Home and
 * End, Ctrl-A, Ctrl-E, Ctrl-W, Ctrl-K, ...), earlier lines come back with Up and Ctrl-R (the
 * user's earlier sessions' too, from its history file: {@code shellHistory}), Ctrl-C
 * drops the line being typed and stops the command that runs, Tab completes a command's name, and
 * the client's window changes (section 6.7) reach the terminal ({@link ChannelTerminal}). Karaf's
 * console reads its own lines ({@link KarafConsole}); this serves it only where that cannot open.
 *
 * <p>Only {@link ShellRunner} uses this class, and only once it has seen that JLine is installed;
 * it and the classes it draws on are the ones that link against JLine.
 */
final class LineEditingTerminal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    /** Lines kept for Up and Ctrl-R, in memory and in the user's history file. */
    private static final int HISTORY = 500;
    /** The history's directory and files are this server's account's alone: typed lines may hold secrets. */
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final ChannelTerminal terminal;
    private final LineReader reader;
    /** The shell's command names, for Tab on a line's first word; none until the shell says. */
    private volatile Supplier<Collection<String>> commands = List::of;

    /**
     * Opens the terminal over the channel's raw streams.
     *
     * @param interrupt what Ctrl-C does while a command runs (while a line is typed, it drops the line)
     * @param control the terminal's size and the client's window changes, or null
     * @param history the file the user's lines are kept in across sessions, or null for this
     *     session's memory only
     */
    LineEditingTerminal(InputStream in, OutputStream out, PtyRequest pty, Runnable interrupt, CommandControl control,
            Path history) throws IOException {
        terminal = new ChannelTerminal("amiko", in, out, pty, control);
        try {
            terminal.handle(Terminal.Signal.INT, signal -> interrupt.run());
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("amiko")
                    .variable(LineReader.HISTORY_SIZE, HISTORY)
                    // '!' is ordinary text to Gogo; event expansion would rewrite it
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .completer(this::complete);
            if (history != null && createPrivately(history)) {
                // JLine reads the file at the first line read, and appends each line as it is entered
                builder.history(new KeptHistory(history)).variable(LineReader.HISTORY_FILE, history)
                        .variable(LineReader.HISTORY_FILE_SIZE, HISTORY);
            }
            reader = builder.build();
            ChannelTerminal.bindCursorKeys(reader);
            terminal.followWindowChanges(control);
            terminal.resume();
        } catch (RuntimeException | LinkageError e) {
            // its input pump must not go on reading the channel beside the plain line editor
            terminal.close();
            throw e;
        }
    }

    /**
     * Creates {@code history} and its directory, if they are not there, for this server's account
     * alone (JLine would create the file as the umask says), and makes a file that is there so; false,
     * with a warning, when it cannot, or when the name is held by something else than a plain file
     * (a link, which JLine would follow), and the session keeps its lines in memory.
     */
    private static boolean createPrivately(Path history) {
        boolean posix = history.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Path directory = history.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, onlyIf(posix, PRIVATE_DIRECTORY));
            }
            try {
                Files.createFile(history, onlyIf(posix, PRIVATE_FILE));
            } catch (FileAlreadyExistsException e) {
                // kept from an earlier session, or made by another session of the same user meanwhile
                if (!Files.isRegularFile(history, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("not a plain file");
                }
                if (posix) {
                    Files.setPosixFilePermissions(history, PRIVATE_FILE);
                }
            }
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot keep the shell history in {0}, so this session keeps it "
                    + "in memory: {1}", history, e.toString());
            return false;
        }
    }

    /** {@code permissions} as the attribute to create with, or none on a file system without POSIX ones. */
    private static FileAttribute<?>[] onlyIf(boolean posix, Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** Tab completes a line's first word from {@code names}, asked at each Tab (bundles come and go). */
    void completeCommands(Supplier<Collection<String>> names) {
        commands = names;
    }

    /**
     * The command names, for the first word; JLine keeps those the word starts. A shell that cannot
     * list them (its registry gone with a bundle) completes nothing, and the line goes on.
     */
    private void complete(LineReader lineReader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() != 0) {
            return;
        }
        Collection<String> names;
        try {
            names = commands.get();
        } catch (RuntimeException e) {
            return;
        }
        for (String name : names) {
            candidates.add(new Candidate(name));
        }
    }

    /** The terminal's size now, for tests. */
    Size size() {
        return terminal.getSize();
    }

    /** What commands read: the client's keystrokes through the terminal's line discipline. */
    InputStream input() {
        return terminal.input();
    }

    /** The next line typed; empty after Ctrl-C; null after Ctrl-D on an empty line or at the input's end. */
    String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException | IOError e) {
            // IOError: JLine's wrapping of a failed read, the channel gone
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
