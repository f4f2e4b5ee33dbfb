package org.gmmseg.cli;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gmmseg.core.em.KernelWarmUp;

import picocli.CommandLine;

/** Entry point of the executable jar; the only place that calls {@link System#exit}. */
public final class Main {
    /**
     * The commands that run EM, for which the kernel's warm-up pays. Compile-time constants: reading
     * the names from the annotations took about 14 ms, before the warm-up could start.
     */
    private static final Set<String> FITTING_COMMANDS = Set.of(FitCommand.NAME, SegmentCommand.NAME);
    /**
     * Set to {@code true} by the launcher {@code gmmseg}, whose filter process (a child of this JVM)
     * passes the JVM's stderr on without its start-up notes.
     */
    static final String STDERR_FILTER_PROPERTY = "gmmseg.stderr.filter";
    /** The longest the JVM waits at exit for the filter to pass on the last of stderr. */
    private static final long FILTER_WAIT_SECONDS = 2;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && FITTING_COMMANDS.contains(args[0])) {
            KernelWarmUp.start(); // while picocli builds its model and the input is read
        }
        int exitCode = execute(args);
        if (Boolean.getBoolean(STDERR_FILTER_PROPERTY)) {
            awaitStderrFilter();
        }
        System.exit(exitCode);
    }

    /**
     * Lets the launcher's stderr filter pass on the last lines, often the error message, before the
     * JVM exits: whoever ran the launcher waits for this process only. Closing {@code System.err}
     * points the JVM's stderr at /dev/null, so the filter reads to the end and exits.
     */
    private static void awaitStderrFilter() {
        System.err.close();
        ProcessHandle.current().children().forEach(filter -> {
            try {
                filter.onExit().get(FILTER_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // exit all the same: the filter only passes text on
            }
        });
    }

    /** Runs gmmseg on the arguments with {@code System.out}/{@code System.err}; returns the exit code. */
    static int execute(String... args) {
        CommandLine commandLine = CommandLines.forArguments(args);
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
