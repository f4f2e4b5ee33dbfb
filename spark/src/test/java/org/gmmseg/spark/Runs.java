package org.gmmseg.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

import org.gmmseg.cli.CommandLines;

/** A command run in this JVM, by the command line or by gmmseg-spark on the shared context. */
record Runs(int exitCode, String out, String err) {
    static final Path SAMPLES = Path.of("..", "samples", "data");

    static Runs cli(Object... args) {
        String[] a = strings(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CommandLines.forArguments(a, new PrintWriter(out, true), new PrintWriter(err, true)).execute(a);
        return new Runs(code, out.toString(), err.toString());
    }

    static Runs spark(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(strings(args), SharedSpark.context(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Runs(code, out.toString(), err.toString());
    }

    private static String[] strings(Object... args) {
        return Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    }
}
