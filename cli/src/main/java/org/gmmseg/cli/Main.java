package org.gmmseg.cli;

import picocli.CommandLine;

/** Entry point of the executable jar; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs gmmseg on the arguments with {@code System.out}/{@code System.err}; returns the exit code. */
    static int execute(String... args) {
        CommandLine commandLine = CommandLines.create();
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
