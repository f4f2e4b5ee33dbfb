package org.gmmseg.segmentation.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
 * @param channels the 1-based numbers of the colour features kept after the conversion, ascending (for
 *     {@code lab} 2, 3 are a* and b*; for {@code channels} the image's channels c = 1..C); empty keeps them all
 */
public record FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma, boolean zCoordinate,
        List<Integer> channels) implements Serializable {
    /**
     * Largest xy weight. Colour features lie in [0, 1] (L* in [0, 100]); far larger coordinates
     * only drown them, and beyond about 1e150 their squares overflow.
     */
    public static final double MAX_XY_WEIGHT = 1e6;
    /**
     * Largest smoothing sigma, in pixels or the calibration's unit (a nanometre calibration needs large
     * values). Smoothing costs at most the image's size whatever sigma is ({@link GaussianLine}), and a
     * Gaussian wider than the image averages it to about its mean.
     */
    public static final double MAX_SMOOTHING_SIGMA = 1e6;

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
        if (zCoordinate && xyWeight == 0) {
            throw new IllegalArgumentException("the z coordinate needs the x and y coordinates (a weight > 0)");
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
        for (int i = 0; i < channels.size(); i++) {
            int c = channels.get(i);
            if (c < 1) {
                throw new IllegalArgumentException("channel numbers start at 1, got " + c);
            }
            if (i > 0 && c <= channels.get(i - 1)) {
                throw new IllegalArgumentException("channel numbers must be distinct and ascending, got " + channels);
            }
        }
        int known = colorSpace.fixedDimension();
        if (!channels.isEmpty() && known > 0 && channels.get(channels.size() - 1) > known) {
            throw new IllegalArgumentException("features " + colorSpace.id() + " give " + known + " colour feature"
                    + (known == 1 ? " (channel 1)" : "s (channels 1.." + known + ")") + ", not channel "
                    + channels.get(channels.size() - 1));
        }
    }

    /** Features with all colour features (no channel subset). */
    public FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma, boolean zCoordinate) {
        this(colorSpace, xyWeight, smoothingSigma, zCoordinate, List.of());
    }

    /** Features without the z coordinate. */
    public FeatureSpec(ColorSpace colorSpace, double xyWeight, double smoothingSigma) {
        this(colorSpace, xyWeight, smoothingSigma, false);
    }

    /**
     * What is wrong with a value that must lie in [0, max], e.g. {@code "must be at most 1000000, got
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

    /**
     * Parses a channel subset such as {@code "2,3"} or {@code "1 3"} (commas and/or spaces), sorted; empty or
     * blank text gives the empty list (all channels).
     *
     * @throws IllegalArgumentException for a part that is not a whole number >= 1 or a number given twice
     */
    public static List<Integer> parseChannels(String text) {
        List<Integer> list = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return list;
        }
        for (String part : text.trim().split("[,\\s]+")) {
            int c;
            try {
                c = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("channel '" + part + "' in '" + text.trim()
                        + "' is not a whole number (give e.g. 2,3)");
            }
            if (c < 1) {
                throw new IllegalArgumentException("channel numbers start at 1, got " + c + " in '" + text.trim() + "'");
            }
            if (list.contains(c)) {
                throw new IllegalArgumentException("channel " + c + " is given twice in '" + text.trim() + "'");
            }
            list.add(c);
        }
        list.sort(null);
        return list;
    }

    /** The same features keeping only the given colour features (empty: all). */
    public FeatureSpec withChannels(List<Integer> subset) {
        return new FeatureSpec(colorSpace, xyWeight, smoothingSigma, zCoordinate, subset);
    }

    /** Whether only some colour features are kept. */
    public boolean hasChannelSubset() {
        return !channels.isEmpty();
    }

    /** The subset as the command line takes it, e.g. {@code 2,3}; empty for all. */
    public String channelList() {
        StringBuilder b = new StringBuilder();
        for (int c : channels) {
            b.append(b.length() == 0 ? "" : ",").append(c);
        }
        return b.toString();
    }

    /** Plain RGB, the default. */
    public static FeatureSpec rgb() {
        return new FeatureSpec(ColorSpace.RGB, 0, 0);
    }

    /**
     * Parses {@code rgb}, {@code lab}, {@code hsv}, {@code gray}, {@code channels}, each optionally
     * followed by {@code +xy} or {@code +xyz} (weight {@code xyWeight}, 1 when not positive).
     *
     * @throws IllegalArgumentException naming the part that is wrong, e.g. {@code "'+xy' is given
     *     twice in 'rgb+xy+xy'"}
     */
    public static FeatureSpec parse(String text, double xyWeight, double smoothingSigma) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\+", -1);
        ColorSpace cs = ColorSpace.parse(parts[0]);
        String coordinates = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (!part.equals("xy") && !part.equals("xyz")) {
                throw new IllegalArgumentException("unknown feature '+" + parts[i] + "' in '" + text.trim()
                        + "' (only +xy or +xyz may follow the colour space, e.g. lab+xy)");
            }
            if (coordinates != null) {
                throw new IllegalArgumentException((coordinates.equals(part) ? "'+" + part + "' is given twice"
                        : "'+xy' and '+xyz' are both given") + " in '" + text.trim() + "'");
            }
            coordinates = part;
        }
        boolean xy = coordinates != null;
        return new FeatureSpec(cs, xy ? (xyWeight > 0 ? xyWeight : 1) : 0, smoothingSigma, "xyz".equals(coordinates));
    }

    public boolean hasXy() {
        return xyWeight > 0;
    }

    /** The name with the numbers that matter, for messages: {@code lab+xy (xy weight 2.0, smoothing 1.5)}. */
    public String describe() {
        String numbers = (hasChannelSubset() ? ", channels " + channelList() : "") + (hasXy() ? ", xy weight " + xyWeight : "")
                + (smoothingSigma > 0 ? ", smoothing " + smoothingSigma : "");
        return name() + (numbers.isEmpty() ? "" : " (" + numbers.substring(2) + ")");
    }

    /** The pipeline's name as the command line takes it, e.g. {@code lab+xy}. */
    public String name() {
        return colorSpace.id() + (hasXy() ? zCoordinate ? "+xyz" : "+xy" : "");
    }

    /** The same features with the z coordinate or without. */
    public FeatureSpec withZCoordinate(boolean z) {
        return new FeatureSpec(colorSpace, xyWeight, smoothingSigma, z && hasXy(), channels);
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
        if (hasChannelSubset()) {
            var list = n.putArray("channelSubset");
            channels.forEach(list::add);
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
        List<Integer> subset = new ArrayList<>();
        JsonNode list = n.get("channelSubset");
        if (list != null) {
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("'features.channelSubset' must be a non-empty array of channel numbers");
            }
            for (JsonNode c : list) {
                if (!c.isIntegralNumber() || !c.canConvertToInt()) {
                    throw new IllegalArgumentException("'features.channelSubset' must hold whole numbers, got " + c);
                }
                subset.add(c.asInt());
            }
        }
        try {
            return new FeatureSpec(ColorSpace.parse(cs.asText()), bounded(n, "xyWeight", MAX_XY_WEIGHT),
                    bounded(n, "smoothingSigma", MAX_SMOOTHING_SIGMA), z, subset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(subset.isEmpty() ? e.getMessage() : "'features.channelSubset': " + e.getMessage(), e);
        }
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
