package org.gmmseg.core.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;

/**
 * Reads feature tables, one sample per row and one feature per column, from CSV or NumPy
 * {@code .npy} files (the format is chosen by the extension):
 *
 * <ul>
 *   <li>{@code .csv}: numbers separated by commas (or by semicolons or tabs when the first line
 *       uses them), an optional header row, every row with the same number of values;
 *   <li>{@code .npy}: a 2-D float32 or float64 array in C order, either byte order, format
 *       version 1.0, 2.0 or 3.0.
 * </ul>
 *
 * <p>Every value must be finite. Errors are {@link TableFormatException}s whose one-line message
 * starts with the file and names the line (CSV) or row and column where the problem is. All
 * methods are static and thread-safe.
 */
public final class FeatureTables {
    private FeatureTables() {
    }

    /**
     * Reads a table by its extension (.csv or .npy) into unweighted samples.
     *
     * @throws TableFormatException naming the file and the problem (line/row where it applies),
     *     also for a missing file or an unknown extension
     * @throws IOException if the file exists but cannot be read
     */
    public static Samples read(Path path) throws IOException {
        String name = path.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".npy")) {
            throw new TableFormatException(name + ": unsupported table format (expected .csv or .npy)");
        }
        Table table;
        try {
            table = lower.endsWith(".csv") ? CsvReader.read(path, name) : NpyReader.read(path, name);
        } catch (NoSuchFileException e) {
            throw new TableFormatException(name + ": no such file");
        }
        try {
            return Samples.wrap(table.values(), table.columns(), null);
        } catch (GmmException e) {
            // a value that is not finite, "row 3, column 1 is NaN; ...": the .npy reader leaves that check
            // to Samples, which makes it anyway (one pass over the values instead of two); a CSV value is
            // checked where it is parsed, so that the error names its line
            throw new TableFormatException(name + ": " + e.getMessage(), e);
        }
    }

    /** A table read from a file: row-major values (not copied) and the number of columns. */
    static final class Table {
        private final double[] values;
        private final int columns;

        Table(double[] values, int columns) {
            this.values = values;
            this.columns = columns;
        }

        double[] values() {
            return values;
        }

        int columns() {
            return columns;
        }
    }
}
