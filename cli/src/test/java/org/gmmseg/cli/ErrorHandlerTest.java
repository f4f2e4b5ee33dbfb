package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import org.gmmseg.core.DegenerateComponentException;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The exception-to-exit-code mapping, for exceptions the commands cannot be made to throw on purpose. */
class ErrorHandlerTest {
    private final StringWriter err = new StringWriter();

    private int handle(Exception ex, String... args) {
        CommandLine top = CommandLines.create(new PrintWriter(new StringWriter()), new PrintWriter(err));
        ParseResult parsed = top.parseArgs(args);
        CommandLine info = top.getSubcommands().get("info");
        return new ErrorHandler().handleExecutionException(ex, info, parsed);
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorOnOneLine() {
        int code = handle(new IllegalStateException("broken\ninvariant"), "info", "m.json");
        assertEquals(ExitCodes.INTERNAL_ERROR, code);
        assertEquals("gmmseg info: internal error: java.lang.IllegalStateException: broken invariant "
                + "(run with --verbose for the stack trace)\n", err.toString().replace("\r\n", "\n"));
    }

    @Test
    void verboseAddsTheStackTrace() {
        int code = handle(new IllegalStateException("broken"), "info", "m.json", "--verbose");
        assertEquals(ExitCodes.INTERNAL_ERROR, code);
        assertTrue(err.toString().startsWith("gmmseg info: internal error: java.lang.IllegalStateException: broken\n"),
                err::toString);
        assertTrue(err.toString().contains("\tat org.gmmseg.cli.ErrorHandlerTest"), err::toString);
    }

    @Test
    void gmmExceptionsAndIoErrorsMeanTheFitFailed() {
        assertEquals(ExitCodes.FIT_FAILED, handle(new DegenerateComponentException(1, "component 2 of 3 collapsed"),
                "info", "m.json"));
        assertEquals(ExitCodes.FIT_FAILED, handle(new UncheckedIOException(new NoSuchFileException("a.csv")),
                "info", "m.json"));
        assertEquals(ExitCodes.FIT_FAILED, handle(new IOException("disk full"), "info", "m.json"));
        assertEquals("gmmseg info: component 2 of 3 collapsed\n"
                + "gmmseg info: a.csv: no such file or directory\n"
                + "gmmseg info: disk full\n", err.toString().replace("\r\n", "\n"));
        assertFalse(err.toString().contains("\tat "));
    }
}
