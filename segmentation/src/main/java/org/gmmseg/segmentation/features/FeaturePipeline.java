package org.gmmseg.segmentation.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FeatureSpec} bound to an image's channel count: turns rows of pixels into feature
 * vectors. On a single-channel image the colour part is the one gray value (rgb, gray, channels),
 * its lightness L* (lab) or its value V (hsv), because three equal columns would make every
 * covariance singular. Colour spaces other than {@code channels} need 1 or 3 colour channels.
 *
 * <p>Immutable and thread-safe; scratch is passed in.
 */
public final class FeaturePipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FeatureSpec spec;
    private final int channels;
    private final int colorDimension;
    private final List<String> names;

    public FeaturePipeline(FeatureSpec spec, int colorChannels) {
        this.spec = spec;
        this.channels = colorChannels;
        if (colorChannels < 1) {
            throw new IllegalArgumentException("the image has no colour channels");
        }
        List<String> n = new ArrayList<>();
        if (spec.colorSpace() == ColorSpace.CHANNELS) {
            for (int c = 0; c < colorChannels; c++) {
                n.add("channel" + (c + 1));
            }
        } else if (colorChannels == 1) {
            n.add(switch (spec.colorSpace()) {
                case LAB -> "L";
                case HSV -> "V";
                default -> "gray";
            });
        } else if (colorChannels == 3) {
            switch (spec.colorSpace()) {
                case RGB -> n.addAll(List.of("R", "G", "B"));
                case LAB -> n.addAll(List.of("L", "a", "b"));
                case HSV -> n.addAll(List.of("H", "S", "V"));
                case GRAY -> n.add("gray");
                default -> throw new IllegalStateException();
            }
        } else {
            throw new IllegalArgumentException("features '" + spec.colorSpace() + "' need a gray or RGB image, this one has "
                    + colorChannels + " channels; use features 'channels'");
        }
        this.colorDimension = n.size();
        if (spec.hasXy()) {
            n.add("x");
            n.add("y");
        }
        this.names = List.copyOf(n);
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** Number of colour channels the pipeline reads. */
    public int channels() {
        return channels;
    }

    /** Dimension D of the feature vectors. */
    public int dimension() {
        return names.size();
    }

    /** Feature names in order, e.g. [L, a, b, x, y]. */
    public List<String> names() {
        return names;
    }

    /**
     * Computes the features of row y.
     *
     * @param row channel values of the row in [0, 1]: row[c][x]
     * @param width number of pixels in the row
     * @param extent max(width, height) of the whole image, for the coordinate scale
     * @param out receives width * D values, row-major (modified)
     */
    public void compute(double[][] row, int y, int width, int extent, double[] out) {
        int d = dimension();
        double xyScale = extent > 1 ? spec.xyWeight() / (extent - 1) : 0;
        for (int x = 0; x < width; x++) {
            int o = x * d;
            if (spec.colorSpace() == ColorSpace.CHANNELS) {
                for (int c = 0; c < channels; c++) {
                    out[o + c] = row[c][x];
                }
            } else if (channels == 1) {
                double v = row[0][x];
                out[o] = spec.colorSpace() == ColorSpace.LAB ? ColorConversions.grayToLightness(v) : v;
            } else {
                double r = row[0][x];
                double g = row[1][x];
                double b = row[2][x];
                switch (spec.colorSpace()) {
                    case RGB -> {
                        out[o] = r;
                        out[o + 1] = g;
                        out[o + 2] = b;
                    }
                    case LAB -> ColorConversions.rgbToLab(r, g, b, out, o);
                    case HSV -> ColorConversions.rgbToHsv(r, g, b, out, o);
                    case GRAY -> out[o] = ColorConversions.luminance(r, g, b);
                    default -> throw new IllegalStateException();
                }
            }
            if (spec.hasXy()) {
                out[o + colorDimension] = x * xyScale;
                out[o + colorDimension + 1] = y * xyScale;
            }
        }
    }
}
