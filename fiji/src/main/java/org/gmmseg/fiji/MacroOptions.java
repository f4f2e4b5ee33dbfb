package org.gmmseg.fiji;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The option strings of ImageJ macros, {@code run("Command", "key=value key=[value with spaces] flag")},
 * read and written the way {@link ij.gui.GenericDialog} and {@link ij.plugin.frame.Recorder} do:
 * keys are lower case, a check box is on when its key is present, values with spaces are in
 * square brackets. Unlike GenericDialog, unknown keys are an error rather than ignored, so that a
 * typo does not silently fall back to a default. Immutable.
 */
final class MacroOptions {
    private final Map<String, String> values;

    private MacroOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Splits an option string.
     *
     * @param allowed the keys the command knows
     * @throws IllegalArgumentException naming an unknown key or an unclosed bracket
     */
    static MacroOptions parse(String options, List<String> allowed) {
        Map<String, String> map = new LinkedHashMap<>();
        String s = options == null ? "" : options;
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i).toLowerCase(Locale.ROOT);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '[') {
                    int close = s.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("option '" + key + "': missing ']'");
                    }
                    value = s.substring(i + 1, close);
                    i = close + 1;
                } else {
                    int from = i;
                    while (i < n && !Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    value = s.substring(from, i);
                }
            }
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' (expected " + String.join(", ", allowed)
                        + ")");
            }
            map.put(key, value);
        }
        return new MacroOptions(map);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** A check box: on when the key is present (GenericDialog's rule). */
    boolean flag(String key) {
        return values.containsKey(key);
    }

    String string(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    long integer(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(v.trim());
                if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                    return (long) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("option '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    /** A number, finite. */
    double number(String key, double defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("option '" + key + "' must be a number, got '" + v + "'");
    }

    /** A number as a macro records it: whole numbers without a decimal point. */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A choice: one of the items (case-insensitive). */
    String choice(String key, List<String> items, String defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        for (String item : items) {
            if (item.equalsIgnoreCase(v.trim())) {
                return item;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not a valid choice for '" + key + "' (expected "
                + String.join(", ", items) + ")");
    }

    /** Appends {@code key=value} as the Recorder writes it (brackets around values with spaces or empty). */
    static void append(StringBuilder out, String key, Object value) {
        if (out.length() > 0) {
            out.append(' ');
        }
        String v = String.valueOf(value);
        out.append(key).append('=');
        if (v.isEmpty() || v.indexOf(' ') >= 0) {
            out.append('[').append(v).append(']');
        } else {
            out.append(v);
        }
    }

    /** Appends a check box key when it is on. */
    static void appendFlag(StringBuilder out, String key, boolean on) {
        if (on) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(key);
        }
    }
}
