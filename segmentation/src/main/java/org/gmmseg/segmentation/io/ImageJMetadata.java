package org.gmmseg.segmentation.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gmmseg.segmentation.axes.Calibration;

/**
 * The ImageJ 1.x TIFF description (tag 270 of the first page), which starts with {@code ImageJ=}
 * and holds {@code key=value} lines: how many pages there are ({@code images}), how they split into
 * {@code channels}, {@code slices} and {@code frames} (pages in ImageJ's order: channel fastest,
 * then slice, then frame), the length {@code unit}, the slice {@code spacing} and the frame
 * interval {@code finterval} in {@code tunit}. The pixel width and height are not here but in the
 * XResolution and YResolution tags. Non-ASCII characters are written as {@code \}{@code uXXXX}, as
 * ImageJ does (a TIFF description is 7-bit ASCII).
 *
 * @param images the number of pages the stack has
 * @param channels channels per slice
 * @param slices slices per frame
 * @param frames frames
 * @param unit the length unit, or null
 * @param spacing the slice spacing in {@code unit}, or 0 when not given
 * @param frameInterval the frame interval, or 0 when not given
 * @param timeUnit the time unit, or null
 */
record ImageJMetadata(int images, int channels, int slices, int frames, String unit, double spacing,
        double frameInterval, String timeUnit) {
    /** What gmmseg writes as the ImageJ version: any version makes ImageJ and tifffile read the keys. */
    static final String VERSION = "1.11a";

    /** Whether a TIFF description is ImageJ's. */
    static boolean is(String description) {
        return description != null && description.startsWith("ImageJ=");
    }

    /**
     * Reads the keys gmmseg uses; others (mode, min, max, loop, ...) are ignored. Without
     * {@code channels}, {@code slices} and {@code frames}, the pages are slices, as ImageJ reads them.
     *
     * @throws IllegalArgumentException naming the malformed key, e.g. {@code 'slices' is 'abc',
     *     expected a whole number >= 1}, or the keys that do not multiply to {@code images}
     */
    static ImageJMetadata parse(String description) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : description.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        int images = count(values, "images");
        int channels = count(values, "channels");
        int slices = count(values, "slices");
        int frames = count(values, "frames");
        boolean declared = values.containsKey("channels") || values.containsKey("slices") || values.containsKey("frames");
        if (!declared) {
            slices = images;
        } else if (!values.containsKey("images")) {
            images = Math.multiplyExact(Math.multiplyExact(channels, slices), frames);
        } else if ((long) channels * slices * frames != images) {
            throw new IllegalArgumentException("channels=" + channels + " x slices=" + slices + " x frames=" + frames
                    + " is not images=" + images);
        }
        String unit = values.containsKey("unit") ? unescape(values.get("unit")) : null;
        String timeUnit = values.containsKey("tunit") ? unescape(values.get("tunit")) : null;
        return new ImageJMetadata(images, channels, slices, frames, unit, positive(values, "spacing"),
                positive(values, "finterval"), timeUnit);
    }

    /**
     * The keys as they apply to pages of {@code samples} samples: ImageJ counts the samples of an RGB48 page (three
     * 16-bit samples) as its channels, so a single such page says {@code channels=3}.
     */
    ImageJMetadata withSamples(int samples) {
        if (samples <= 1 || channels % samples != 0) {
            return this;
        }
        int c = channels / samples;
        return new ImageJMetadata(images % samples == 0 ? images / samples : c * slices * frames, c, slices, frames,
                unit, spacing, frameInterval, timeUnit);
    }

    private static int count(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + key + "' is '" + v + "', expected a whole number >= 1");
    }

    /** A positive finite number, or 0 when the key is absent; ImageJ writes 0 for "none" too. */
    private static double positive(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + key + "' is '" + v + "', expected a number >= 0");
    }

    /**
     * The description ImageJ 1.54 writes for a stack of {@code channels x slices x frames} pages with
     * this calibration: {@code ImageJ=1.11a}, {@code images} when there are several, the axes longer
     * than 1, {@code hyperstack=true} when two or more are, the unit when it is physical, the spacing
     * of a stack, the frame interval when it is known.
     */
    static String format(int channels, int slices, int frames, Calibration calibration) {
        StringBuilder b = new StringBuilder("ImageJ=").append(VERSION).append('\n');
        long images = (long) channels * slices * frames;
        if (images > 1) {
            b.append("images=").append(images).append('\n');
        }
        if (channels > 1) {
            b.append("channels=").append(channels).append('\n');
        }
        if (slices > 1) {
            b.append("slices=").append(slices).append('\n');
        }
        if (frames > 1) {
            b.append("frames=").append(frames).append('\n');
        }
        if ((channels > 1 ? 1 : 0) + (slices > 1 ? 1 : 0) + (frames > 1 ? 1 : 0) > 1) {
            b.append("hyperstack=true\n");
        }
        if (calibration.physical()) {
            b.append("unit=").append(escape(calibration.unit())).append('\n');
        }
        if (images > 1 && calibration.voxelDepth() != 1) {
            b.append("spacing=").append(calibration.voxelDepth()).append('\n');
        }
        if (calibration.frameInterval() > 0) { // as ImageJ writes it, even for one plane
            b.append("finterval=").append(calibration.frameInterval()).append('\n');
            if (!calibration.timeUnit().equals(Calibration.SECOND)) {
                b.append("tunit=").append(escape(calibration.timeUnit())).append('\n');
            }
        }
        if (images > 1) {
            b.append("loop=false\n");
        }
        return b.toString();
    }

    /** Non-ASCII characters (e.g. the µ of µm) as ImageJ writes them, {@code \}{@code u00B5}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127 && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 6 <= s.length() && s.charAt(i + 1) == 'u') {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as it is
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
