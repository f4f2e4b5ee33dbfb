package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Test helpers: runs gmmseg through {@link CommandLines#forArguments}, as {@link Main} does, with
 * captured output; writes tables.
 */
final class Cli {
    private Cli() {
    }

    /** Exit code and captured stdout/stderr of one run. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        int code = CommandLines.forArguments(strings, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(strings);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Writes a CSV table with a header: {@code n} rows around {@code k} well separated centres
     * (centre c at (10c, -10c, 10c, ...)), seeded.
     */
    static Path mixtureCsv(Path file, int n, int k, int d, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(header(d));
        for (int i = 0; i < n; i++) {
            int c = i % k;
            for (int j = 0; j < d; j++) {
                double centre = (j % 2 == 0 ? 10.0 : -10.0) * c;
                csv.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", centre + gaussian(random)));
            }
            csv.append('\n');
        }
        return Files.writeString(file, csv.toString());
    }

    static String header(int d) {
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < d; j++) {
            header.append(j == 0 ? "" : ",").append("f").append(j + 1);
        }
        return header.append('\n').toString();
    }

    private static double gaussian(SplittableRandom random) {
        double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
        return r * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
