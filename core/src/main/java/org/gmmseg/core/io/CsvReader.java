package org.gmmseg.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.gmmseg.core.io.FeatureTables.Table;

/**
 * Reads a numeric CSV table. The delimiter is the one of comma, semicolon and tab that occurs most
 * often in the first line (comma on a tie or when none occurs). The first line is a header when
 * one of its fields is neither empty nor a number; its field count then sets the expected count.
 * Fields are trimmed and may be enclosed in double quotes (which cannot contain the delimiter).
 * Numbers are decimal ({@code 1}, {@code -2.5}, {@code 3e-4}); NaN and infinity spellings are
 * recognised only to be rejected. Blank lines are allowed at the end only. Line numbers in
 * messages are 1-based physical lines. One instance per file; not thread-safe.
 */
final class CsvReader {
    private static final char[] DELIMITERS = {',', ';', '\t'};
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private final String name;
    private char delimiter;
    private int columns = -1;
    private double[] values = new double[1024];
    private int size;
    private int lineNumber;
    private int firstBlankLine;

    private CsvReader(String name) {
        this.name = name;
    }

    /** Reads the table at path; {@code name} starts every error message. */
    static Table read(Path path, String name) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new CsvReader(name).read(in);
        }
    }

    private Table read(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (lineNumber == 1) {
                line = stripByteOrderMark(line);
                delimiter = detectDelimiter(line);
            }
            if (line.isBlank()) {
                firstBlankLine = firstBlankLine == 0 ? lineNumber : firstBlankLine;
            } else {
                requireNoBlankBefore();
                acceptLine(line);
            }
        }
        if (size == 0) {
            throw error(lineNumber == 0 ? "no data rows (the file is empty)" : "no data rows");
        }
        return new Table(Arrays.copyOf(values, size), columns);
    }

    private void acceptLine(String line) {
        if (columns < 0) {
            columns = countFields(line);
            if (isHeader(line)) {
                return;
            }
        }
        dataRow(line);
    }

    private void requireNoBlankBefore() {
        if (firstBlankLine != 0) {
            throw error("line " + firstBlankLine + " is blank (blank lines are only allowed at the end)");
        }
    }

    private static String stripByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static char detectDelimiter(String line) {
        char best = DELIMITERS[0];
        int bestCount = 0;
        for (char candidate : DELIMITERS) {
            int count = count(line, candidate);
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    private static int count(String line, char c) {
        int n = 0;
        for (int i = line.indexOf(c); i >= 0; i = line.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    private int countFields(String line) {
        return count(line, delimiter) + 1;
    }

    /** A first line is a header when one of its fields is neither empty nor a number. */
    private boolean isHeader(String line) {
        int start = 0;
        while (start <= line.length()) {
            int end = fieldEnd(line, start);
            String field = clean(line, start, end);
            if (!field.isEmpty() && !isNumber(field)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private void dataRow(String line) {
        int count = countFields(line);
        if (count != columns) {
            throw error("line " + lineNumber + " has " + count + " values, expected " + columns);
        }
        ensureCapacity(count);
        int start = 0;
        for (int column = 1; column <= count; column++) {
            int end = fieldEnd(line, start);
            values[size++] = value(clean(line, start, end), column);
            start = end + 1;
        }
    }

    private int fieldEnd(String line, int start) {
        int end = line.indexOf(delimiter, start);
        return end < 0 ? line.length() : end;
    }

    /** The field without surrounding whitespace and double quotes. */
    private static String clean(String line, int start, int end) {
        String field = line.substring(start, end).strip();
        if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
            field = field.substring(1, field.length() - 1).strip();
        }
        return field;
    }

    private double value(String field, int column) {
        String where = "line " + lineNumber + ", column " + column;
        if (field.isEmpty()) {
            throw error(where + " is empty");
        }
        double v;
        try {
            v = parse(field);
        } catch (NumberFormatException e) {
            throw error(where + ": '" + field + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw error(where + ": '" + field + "' is not finite (remove or replace NaN and infinite values)");
        }
        return v;
    }

    private static boolean isNumber(String field) {
        try {
            parse(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Parses plain decimal notation; unlike {@link Double#parseDouble} alone, rejects hexadecimal
     * and the {@code d}/{@code f} suffixes. NaN and infinity spellings (nan, inf, Infinity, with a
     * sign) give the non-finite value so the caller can reject them by name.
     *
     * @throws NumberFormatException if the field is not a number
     */
    static double parse(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return nonFinite(field);
            }
        }
        return Double.parseDouble(field);
    }

    private static double nonFinite(String field) {
        String word = field.toLowerCase(Locale.ROOT);
        boolean negative = word.startsWith("-");
        if (negative || word.startsWith("+")) {
            word = word.substring(1);
        }
        return switch (word) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw new NumberFormatException(field);
        };
    }

    private void ensureCapacity(int more) {
        if (size + (long) more > MAX_VALUES) {
            throw error("more than " + MAX_VALUES + " values (line " + lineNumber + "); too large for one table");
        }
        if (size + more > values.length) {
            long grown = Math.max(size + more, values.length + (values.length >> 1));
            values = Arrays.copyOf(values, (int) Math.min(grown, MAX_VALUES));
        }
    }

    private TableFormatException error(String problem) {
        return new TableFormatException(name + ": " + problem);
    }
}
