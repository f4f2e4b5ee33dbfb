package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.io.FileErrors;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into one line on stderr, prefixed by the command ({@code gmmseg fit: ...}),
 * and an exit code:
 * <ul>
 * <li>usage errors (picocli's, bad option values, contradictory options): {@link ExitCodes#USAGE},
 *     followed by a hint to run {@code --help};
 * <li>{@link GmmException} (bad data, malformed model or table, degenerate fit) and
 *     {@link IOException} (missing or unreadable input): {@link ExitCodes#FIT_FAILED};
 * <li>anything else is a bug: {@link ExitCodes#INTERNAL_ERROR}.
 * </ul>
 * The stack trace follows only when {@code --verbose} was given to any command on the line.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        if (args.length == 0 && !commandLine.getSubcommands().isEmpty()) {
            // bare "gmmseg": show what there is to run
            commandLine.usage(err);
        } else {
            err.println(name + ": " + FileErrors.oneLine(ex.getMessage()));
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + name + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        int code;
        String message;
        if (cause instanceof GmmException) {
            code = ExitCodes.FIT_FAILED;
            message = FileErrors.messageOf(cause);
        } else if (cause instanceof IOException io) {
            code = ExitCodes.FIT_FAILED;
            message = FileErrors.describe(io);
        } else {
            code = ExitCodes.INTERNAL_ERROR;
            message = "internal error: " + cause
                    + (VerboseOption.given(parseResult) ? "" : " (run with --verbose for the stack trace)");
        }
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + FileErrors.oneLine(message));
        if (VerboseOption.given(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
