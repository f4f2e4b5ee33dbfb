package org.gmmseg.core.io;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.gmmseg.core.GaussianMixture;

/**
 * Reads and writes gmmseg model files (docs/model-format.md). SKELETON: to be implemented.
 */
public final class ModelFile {
    /** Value of the {@code format} key. */
    public static final String FORMAT = "gmmseg-model";
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private ModelFile() {
    }

    /**
     * A model file's content.
     *
     * @param model the mixture
     * @param fit how it was fitted, or null
     * @param extensions further top-level blocks kept verbatim (e.g. {@code features}, {@code labels},
     *     {@code candidates} written by later layers), in insertion order; never null
     */
    public record Document(GaussianMixture model, FitSummary fit, Map<String, JsonNode> extensions) {
    }

    /** Writes atomically (temporary file in the same folder, then rename). */
    public static void write(Path path, Document document) throws java.io.IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** @throws ModelFormatException naming the file and the problem */
    public static Document read(Path path) throws java.io.IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static String toJson(Document document) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** @param source name used in error messages (usually the file name) */
    public static Document fromJson(String json, String source) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
