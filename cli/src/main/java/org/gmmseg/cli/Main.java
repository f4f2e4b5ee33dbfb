package org.gmmseg.cli;

import java.util.Set;

import org.gmmseg.core.em.KernelWarmUp;

import picocli.CommandLine;

/** Entry point of the executable jar; the only place that calls {@link System#exit}. */
public final class Main {
    /**
     * The commands that run EM, for which the kernel's warm-up pays. Compile-time constants: reading
     * the names from the annotations took about 14 ms, before the warm-up could start.
     */
    private static final Set<String> FITTING_COMMANDS = Set.of(FitCommand.NAME, SegmentCommand.NAME);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && FITTING_COMMANDS.contains(args[0])) {
            KernelWarmUp.start(); // while picocli builds its model and the input is read
        }
        int exitCode = execute(args);
        LauncherStderr.awaitFilter();
        System.exit(exitCode);
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
