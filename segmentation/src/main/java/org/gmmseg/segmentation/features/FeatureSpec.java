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

    public FeatureSpec {
        if (colorSpace == null) {
            throw new IllegalArgumentException("colour space must be given");
        }
        if (!(xyWeight >= 0) || Double.isInfinite(xyWeight)) {
            throw new IllegalArgumentException("xy weight must be a finite number >= 0, got " + xyWeight);
        }
        if (!(smoothingSigma >= 0) || Double.isInfinite(smoothingSigma)) {
            throw new IllegalArgumentException("smoothing sigma must be a finite number >= 0, got " + smoothingSigma);
        }
    }

    /** Plain RGB, the default. */
    public static FeatureSpec rgb() {
        return new FeatureSpec(ColorSpace.RGB, 0, 0);
    }

    /**
     * Parses {@code rgb}, {@code lab}, {@code hsv}, {@code gray}, {@code channels}, each optionally
     * followed by {@code +xy} (weight {@code xyWeight}, 1 when not positive).
     */
    public static FeatureSpec parse(String text, double xyWeight, double smoothingSigma) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        boolean xy = s.endsWith("+xy");
        ColorSpace cs = ColorSpace.parse(xy ? s.substring(0, s.length() - 3) : s);
        return new FeatureSpec(cs, xy ? (xyWeight > 0 ? xyWeight : 1) : 0, smoothingSigma);
    }

    public boolean hasXy() {
        return xyWeight > 0;
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
        return new FeatureSpec(ColorSpace.parse(cs.asText()), number(n, "xyWeight"), number(n, "smoothingSigma"));
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
