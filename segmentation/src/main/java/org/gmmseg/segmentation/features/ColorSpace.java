package org.gmmseg.segmentation.features;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The colour part of a feature vector. */
public enum ColorSpace {
    /** Red, green, blue scaled to [0, 1] by the type's range. */
    RGB("rgb"),
    /** CIE L*a*b* (D65 white, sRGB input): L* in [0, 100], a* and b* in about [-128, 127]. */
    LAB("lab"),
    /** Hue, saturation, value in [0, 1] (hue as a fraction of the full turn, as scikit-image). */
    HSV("hsv"),
    /** Luminance 0.2125 R + 0.7154 G + 0.0721 B in [0, 1] (scikit-image's rgb2gray), or the gray value. */
    GRAY("gray"),
    /** Every non-alpha channel as it is, scaled to [0, 1] by the type's range (float images unscaled). */
    CHANNELS("channels");

    private final String id;

    ColorSpace(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The most colour features this space gives (3 for rgb, lab, hsv; 1 for gray), or 0 when it depends on
     * the image (channels). A gray image gives 1 in every space.
     */
    public int fixedDimension() {
        return switch (this) {
            case RGB, LAB, HSV -> 3;
            case GRAY -> 1;
            case CHANNELS -> 0;
        };
    }

    public static ColorSpace parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ColorSpace c : values()) {
            if (c.id.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown features '" + name + "' (expected one of "
                + Arrays.stream(values()).map(ColorSpace::id).collect(Collectors.joining(", ")) + ", optionally +xy or +xyz)");
    }

    @Override
    public String toString() {
        return id;
    }
}
