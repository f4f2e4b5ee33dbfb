package org.gmmseg.segmentation.features;

import java.io.Serializable;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A declared feature pipeline: a colour space, optionally the voxel coordinates, and optional
 * Gaussian pre-smoothing. It is written into the model file's {@code features} block so that
 * applying a model reproduces the features it was fitted on.
 *
 * <p>The coordinates ({@code +xy}, or {@code +xyz} in a volume) are scaled so that the longest
 * physical extent of the image along them runs from 0 to {@code xyWeight}: with voxel sizes
 * v<sub>a</sub> and n<sub>a</sub> samples along axis a, coordinate i along a is i v<sub>a</sub> w /
 * max<sub>b</sub>((n<sub>b</sub> - 1) v<sub>b</sub>), so a sphere stays a sphere in an anisotropic
 * volume. {@code +xy} on a volume gives each slice's x and y only.
 *
 * @param colorSpace the colour features
 * @param xyWeight weight of the coordinates, appended after the colour features; 0 for none
 * @param smoothingSigma standard deviation of the Gaussian applied to every channel before the
 *     conversion, in the unit of the image's calibration (pixels when it has none); 0 for none
 * @param zCoordinate whether the z coordinate is appended too ({@code +xyz}); needs coordinates
 */
public record FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma, boolean zCoordinate)
        implements Serializable {

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
        if (zCoordinate && xyWeight == 0) {
            throw new IllegalArgumentException("the z coordinate needs the x and y coordinates (a weight > 0)");
        }
    }

    /** Features without the z coordinate. */
    public FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma) {
        this(colorSpace, xyWeight, smoothingSigma, false);
    }

    /** Plain RGB, the default. */
    public static FeatureSpec rgb() {
        return new FeatureSpec(ColorSpace.RGB, 0, 0);
    }

    /**
     * Parses {@code rgb}, {@code lab}, {@code hsv}, {@code gray}, {@code channels}, each optionally
     * followed by {@code +xy} or {@code +xyz} (weight {@code xyWeight}, 1 when not positive).
     */
    public static FeatureSpec parse(String text, double xyWeight, double smoothingSigma) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        boolean xyz = s.endsWith("+xyz");
        boolean xy = xyz || s.endsWith("+xy");
        ColorSpace cs = ColorSpace.parse(xy ? s.substring(0, s.lastIndexOf('+')) : s);
        return new FeatureSpec(cs, xy ? (xyWeight > 0 ? xyWeight : 1) : 0, smoothingSigma, xyz);
    }

    public boolean hasXy() {
        return xyWeight > 0;
    }

    /** The pipeline's name as the command line takes it, e.g. {@code lab+xy}. */
    public String name() {
        return colorSpace.id() + (hasXy() ? zCoordinate ? "+xyz" : "+xy" : "");
    }

    /** The same features with the z coordinate or without. */
    public FeatureSpec withZCoordinate(boolean z) {
        return new FeatureSpec(colorSpace, xyWeight, smoothingSigma, z && hasXy());
    }

    /**
     * The {@code features} block of a model file (without the input description); {@code coordinates} only for
     * {@code +xyz}, so that other blocks are as gmmseg always wrote them.
     */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("colorSpace", colorSpace.id());
        n.put("xyWeight", xyWeight);
        n.put("smoothingSigma", smoothingSigma);
        if (zCoordinate) {
            n.put("coordinates", "xyz");
        }
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
        JsonNode coordinates = n.get("coordinates");
        boolean z = false;
        if (coordinates != null) {
            if (!coordinates.isTextual() || !coordinates.asText().equals("xy") && !coordinates.asText().equals("xyz")) {
                throw new IllegalArgumentException("'features.coordinates' must be \"xy\" or \"xyz\"");
            }
            z = coordinates.asText().equals("xyz");
        }
        return new FeatureSpec(ColorSpace.parse(cs.asText()), number(n, "xyWeight"), number(n, "smoothingSigma"), z);
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
