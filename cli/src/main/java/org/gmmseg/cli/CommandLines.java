package org.gmmseg.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

import picocli.CommandLine;

/** Builds the gmmseg {@link CommandLine}, the same way for {@link Main} and for tests. */
public final class CommandLines {
    private CommandLines() {
    }

    /** The command line writing to {@code System.out} and {@code System.err}. */
    public static CommandLine create() {
        Charset charset = Charset.defaultCharset();
        return create(new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true));
    }

    /**
     * The command line writing results to {@code out} and errors, warnings and progress to
     * {@code err}, with gmmseg's error handling and {@link ExitCodes}.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new GmmSegCommand());
        ErrorHandler handler = new ErrorHandler();
        // these setters apply to every subcommand registered so far, i.e. all of them; the handler
        // returns the exit codes of ExitCodes
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(handler);
        commandLine.setParameterExceptionHandler(handler);
        return commandLine;
    }
}
