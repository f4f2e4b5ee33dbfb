package org.gmmseg.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.GaussianMixture;

/**
 * Reads and writes gmmseg model files, the versioned JSON format of docs/model-format.md: the
 * parameters of a {@link GaussianMixture} in scikit-learn's shapes, an optional {@code fit} block
 * and extension blocks kept verbatim.
 *
 * <p>Doubles are written in their shortest exact decimal form and read back bit-identically.
 * Reading validates everything and fails with a {@link ModelFormatException} whose one-line
 * message starts with the file name (or the source given to {@link #fromJson}).
 *
 * <p>All methods are static and thread-safe.
 */
public final class ModelFile {
    /** Value of the {@code format} key. */
    public static final String FORMAT = "gmmseg-model";
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Most components a model file may have: the largest label of a 16-bit label image. Checked
     * before the model is built, so that a huge model is refused at once.
     */
    public static final int MAX_COMPONENTS = 65535;

    /** The top-level keys of the format, in the order they are written. */
    static final List<String> KEYS = List.of("format", "formatVersion", "covarianceType", "weights", "means",
            "covariances", "fit");

    /**
     * Non-finite numbers are written as bare {@code NaN}/{@code Infinity} (as Python's json module
     * does) and accepted on reading, so that they reach validation and get a precise message.
     * Trees go through {@link JsonTrees}, not an ObjectMapper.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ModelFile() {
    }

    /**
     * A model file's content.
     *
     * @param model the mixture
     * @param fit how it was fitted, or null
     * @param extensions further top-level blocks kept verbatim (e.g. {@code features}, {@code labels},
     *     {@code selection} written by later layers), in insertion order; never null (null is
     *     taken as empty). The map is an unmodifiable copy; do not modify the nodes.
     */
    public record Document(GaussianMixture model, FitSummary fit, Map<String, JsonNode> extensions) {
        /**
         * @throws IllegalArgumentException if an extension uses a key of the format itself
         */
        public Document {
            Objects.requireNonNull(model, "model");
            Map<String, JsonNode> copy = new LinkedHashMap<>();
            if (extensions != null) {
                extensions.forEach((key, node) -> {
                    if (KEYS.contains(key)) {
                        throw new IllegalArgumentException("extension key '" + key + "' is a key of the model format");
                    }
                    copy.put(key, Objects.requireNonNull(node, () -> "extension '" + key + "'"));
                });
            }
            extensions = Collections.unmodifiableMap(copy);
        }

        /** A document without extension blocks. */
        public Document(GaussianMixture model, FitSummary fit) {
            this(model, fit, Map.of());
        }
    }

    /**
     * Writes atomically: the JSON goes to a temporary file in the same folder, which is then
     * renamed over {@code path} (an atomic move where the file system allows it). Missing parent
     * folders are created. Readers never see a half-written file.
     */
    public static void write(Path path, Document document) throws IOException {
        byte[] bytes = toJson(document).getBytes(StandardCharsets.UTF_8);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // named as AtomicFiles names its temporary files, so that a run can find and remove a leftover
        Path temp = FileNames.renamed(target, ".",
                ".tmp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try {
            writeSynced(temp, bytes);
            moveOver(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SYNC)) {
            out.write(bytes);
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads and validates a model file.
     *
     * @throws ModelFormatException naming the file and the problem, also for a missing or empty file
     * @throws IOException if the file exists but cannot be read
     */
    public static Document read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(path + ": no such file");
        }
        return new ModelReader(path.toString()).read(bytes);
    }

    /** The document as pretty-printed JSON, ending with a newline. */
    public static String toJson(Document document) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new RowPrettyPrinter());
            JsonTrees.write(g, tree(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    /**
     * Parses and validates a model file's content.
     *
     * @param source name used in error messages (usually the file name)
     * @throws ModelFormatException naming the source and the problem
     */
    public static Document fromJson(String json, String source) {
        return new ModelReader(source).read(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- writing

    private static ObjectNode tree(Document document) {
        GaussianMixture model = document.model();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("covarianceType", model.covarianceType().id());
        root.set("weights", array(model.weights(), 0, model.components()));
        root.set("means", nested(model.meansFlat(), new int[] {model.components(), model.dimension()}));
        root.set("covariances", nested(model.covariancesFlat(),
                model.covarianceType().shape(model.components(), model.dimension())));
        if (document.fit() != null) {
            root.set("fit", fit(document.fit()));
        }
        document.extensions().forEach(root::set);
        return root;
    }

    /** The {@code fit.regCovarScale} of scikit-learn's absolute reg_covar. */
    static final String ABSOLUTE_SCALE = "absolute";

    private static ObjectNode fit(FitSummary fit) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("logLikelihood", fit.logLikelihood());
        node.put("lowerBound", fit.lowerBound());
        node.put("iterations", fit.iterations());
        node.put("converged", fit.converged());
        double n = fit.nSamples();
        if (n == Math.rint(n) && Math.abs(n) < 0x1p53) {
            node.put("nSamples", (long) n); // a count, written as one; reads back as the same double
        } else {
            node.put("nSamples", n);
        }
        node.put("bic", fit.bic());
        node.put("aic", fit.aic());
        node.put("seed", fit.seed());
        if (fit.regularizationRecorded()) {
            node.put("regCovar", fit.regCovar());
            double[] scales = fit.regScale().scales();
            if (scales == null) {
                node.put("regCovarScale", ABSOLUTE_SCALE);
            } else {
                node.set("regCovarScale", array(scales, 0, scales.length));
            }
        }
        return node;
    }

    /** A row-major flat array as nested arrays of the given shape (as numpy's reshape). */
    private static ArrayNode nested(double[] flat, int[] shape) {
        return nested(flat, shape, 0, 0);
    }

    private static ArrayNode nested(double[] flat, int[] shape, int axis, int offset) {
        if (axis == shape.length - 1) {
            return array(flat, offset, shape[axis]);
        }
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= shape[a];
        }
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < shape[axis]; i++) {
            node.add(nested(flat, shape, axis + 1, offset + i * stride));
        }
        return node;
    }

    private static ArrayNode array(double[] values, int offset, int length) {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        for (int i = offset; i < offset + length; i++) {
            node.add(values[i]);
        }
        return node;
    }
}
