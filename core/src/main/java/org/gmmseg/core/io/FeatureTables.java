package org.gmmseg.core.io;

import java.nio.file.Path;

import org.gmmseg.core.Samples;

/**
 * Reads feature tables: CSV and NumPy .npy. SKELETON: to be implemented.
 */
public final class FeatureTables {
    private FeatureTables() {
    }

    /**
     * Reads a table by its extension (.csv or .npy).
     *
     * @throws TableFormatException naming the file and the problem (line/row where it applies)
     */
    public static Samples read(Path path) throws java.io.IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
