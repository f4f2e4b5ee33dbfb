package org.gmmseg.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number formatting and aligned columns for human-readable output. Locale-independent. */
final class Formats {
    private Formats() {
    }

    /**
     * A number with up to 7 significant digits, without trailing zeros; scientific notation when
     * very large or very small. Integers print without a decimal point.
     */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            return new BigDecimal(v).round(new MathContext(7)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.6e", v);
    }

    /**
     * A column of numbers with a common format, so that right-aligned they also line up at the
     * decimal point: fixed decimals giving the largest value about 6 significant digits, or
     * scientific notation when the values are very large or all very small.
     */
    static String[] column(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        String format;
        if (max == 0) {
            format = "%.1f";
        } else if (max >= 1e7 || max < 1e-3) {
            format = "%.5e";
        } else {
            int integerDigits = (int) Math.floor(Math.log10(max)) + 1;
            format = "%." + Math.max(1, Math.min(8, 6 - integerDigits)) + "f";
        }
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = String.format(Locale.ROOT, format, values[i]);
        }
        return out;
    }

    /**
     * Lines of a table whose columns are padded to a common width and separated by two spaces;
     * the first column is left-aligned, the others right-aligned (numbers).
     */
    static List<String> table(List<String[]> rows) {
        return table(rows, "L");
    }

    /**
     * Lines of a table whose columns are padded to a common width and separated by two spaces.
     *
     * @param alignment one letter per column, {@code L} for left-aligned and {@code R} for
     *     right-aligned; columns beyond its end are right-aligned
     */
    static List<String> table(List<String[]> rows, String alignment) {
        int columns = 0;
        for (String[] row : rows) {
            columns = Math.max(columns, row.length);
        }
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - row[c].length());
                boolean left = c < alignment.length() && alignment.charAt(c) == 'L';
                line.append(left ? row[c] + pad : pad + row[c]);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** "key  value" lines with the values aligned. */
    static List<String> keyValues(List<String[]> pairs) {
        int width = 0;
        for (String[] pair : pairs) {
            width = Math.max(width, pair[0].length());
        }
        List<String> lines = new ArrayList<>(pairs.size());
        for (String[] pair : pairs) {
            lines.add(pair[0] + " ".repeat(width - pair[0].length() + 2) + pair[1]);
        }
        return lines;
    }
}
