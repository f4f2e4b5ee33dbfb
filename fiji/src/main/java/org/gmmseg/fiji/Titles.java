package org.gmmseg.fiji;

import java.util.regex.Pattern;

/** Titles of result images. Stateless. */
final class Titles {
    /** A file extension at the end of a title, e.g. {@code .tif}, {@code .ome.tiff}, {@code .jpeg}. */
    private static final Pattern EXTENSION = Pattern.compile("(\\.ome)?\\.[A-Za-z][A-Za-z0-9]{0,4}$");

    private Titles() {
    }

    /**
     * The title a result of {@code source} gets: its title without a file extension, then the
     * suffix ({@code cells.tif} and {@code -labels} give {@code cells-labels}), so that saving it
     * gives {@code cells-labels.tif}, not {@code cells.tif-labels.tif}.
     */
    static String derived(String source, String suffix) {
        String base = EXTENSION.matcher(source).replaceFirst("");
        return (base.isEmpty() ? source : base) + suffix;
    }
}
