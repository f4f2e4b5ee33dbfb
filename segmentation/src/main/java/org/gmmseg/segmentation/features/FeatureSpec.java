package org.gmmseg.segmentation.features;

import java.io.Serializable;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A declared feature pipeline: a colour space, optionally the pixel coordinates, and optional
 * Gaussian pre-smoothing. It is written into the model file's {@code features} block so that
 * applying a model reproduces the features it was fitted on.
 *
 * @param colorSpace the colour features
 * @param xyWeight weight of the spatial coordinates x/(S-1), y/(S-1) with S = max(width, height),
 *     appended after the colour features; 0 for no coordinates
 * @param smoothingSigma standard deviation in pixels of the Gaussian applied to every channel
 *     before the conversion; 0 for none
 */
public record FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma) implements Serializable {
    /**
     * Largest xy weight. Colour features lie in [0, 1] (L* in [0, 100]); far larger coordinates
     * only drown them, and beyond about 1e150 their squares overflow.
     */
    public static final double MAX_XY_WEIGHT = 1e6;
    /** Largest smoothing sigma in pixels; a Gaussian that wide averages any image to about its mean. */
    public static final double MAX_SMOOTHING_SIGMA = 1000;

    public FeatureSpec {
        if (colorSpace == null) {
            throw new IllegalArgumentException("colour space must be given");
        }
        String problem = rangeProblem(xyWeight, MAX_XY_WEIGHT);
        if (problem != null) {
            throw new IllegalArgumentException("xy weight " + problem);
        }
        problem = rangeProblem(smoothingSigma, MAX_SMOOTHING_SIGMA);
        if (problem != null) {
            throw new IllegalArgumentException("smoothing sigma " + problem);
        }
    }

    /**
     * What is wrong with a value that must lie in [0, max], e.g. {@code "must be at most 1000, got
     * 1.0E9"}, or null when it is fine; for messages that name the value their own way.
     */
    public static String rangeProblem(double value, double max) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            return "must be a finite number >= 0, got " + value;
        }
        if (value > max) {
            return "must be at most " + format(max) + ", got " + value;
        }
        return null;
    }

    private static String format(double v) {
        return v == Math.rint(v) && v < 1e7 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Plain RGB, the default. */
    public static FeatureSpec rgb() {
        return new FeatureSpec(ColorSpace.RGB, 0, 0);
    }

    /**
     * Parses {@code rgb}, {@code lab}, {@code hsv}, {@code gray}, {@code channels}, each optionally
     * followed by {@code +xy} (weight {@code xyWeight}, 1 when not positive).
     *
     * @throws IllegalArgumentException naming the part that is wrong, e.g. {@code "'+xy' is given
     *     twice in 'rgb+xy+xy'"}
     */
    public static FeatureSpec parse(String text, double xyWeight, double smoothingSigma) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\+", -1);
        ColorSpace cs = ColorSpace.parse(parts[0]);
        boolean xy = false;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].trim().equals("xy")) {
                throw new IllegalArgumentException("unknown feature '+" + parts[i] + "' in '" + text.trim()
                        + "' (only +xy may follow the colour space, e.g. lab+xy)");
            }
            if (xy) {
                throw new IllegalArgumentException("'+xy' is given twice in '" + text.trim() + "'");
            }
            xy = true;
        }
        return new FeatureSpec(cs, xy ? (xyWeight > 0 ? xyWeight : 1) : 0, smoothingSigma);
    }

    public boolean hasXy() {
        return xyWeight > 0;
    }

    /** The name with the numbers that matter, for messages: {@code lab+xy (xy weight 2.0, smoothing 1.5)}. */
    public String describe() {
        String numbers = (hasXy() ? ", xy weight " + xyWeight : "") + (smoothingSigma > 0 ? ", smoothing " + smoothingSigma : "");
        return name() + (numbers.isEmpty() ? "" : " (" + numbers.substring(2) + ")");
    }

    /** The pipeline's name as the command line takes it, e.g. {@code lab+xy}. */
    public String name() {
        return colorSpace.id() + (hasXy() ? "+xy" : "");
    }

    /** The {@code features} block of a model file (without the input description). */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("colorSpace", colorSpace.id());
        n.put("xyWeight", xyWeight);
        n.put("smoothingSigma", smoothingSigma);
        return n;
    }

    /** Reads the keys written by {@link #toJson()}; throws IllegalArgumentException naming a bad or missing key. */
    public static FeatureSpec fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("'features' must be an object");
        }
        JsonNode cs = n.get("colorSpace");
        if (cs == null || !cs.isTextual()) {
            throw new IllegalArgumentException("'features.colorSpace' is missing");
        }
        return new FeatureSpec(ColorSpace.parse(cs.asText()), bounded(n, "xyWeight", MAX_XY_WEIGHT),
                bounded(n, "smoothingSigma", MAX_SMOOTHING_SIGMA));
    }

    private static double bounded(JsonNode n, String key, double max) {
        double value = number(n, key);
        String problem = rangeProblem(value, max);
        if (problem != null) {
            throw new IllegalArgumentException("'features." + key + "' " + problem);
        }
        return value;
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'features." + key + "' must be a number");
        }
        return v.asDouble();
    }
}
