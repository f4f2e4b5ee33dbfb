package org.gmmseg.segmentation.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.axes.Calibration;

/**
 * A {@link FeatureSpec} bound to an image's channel count and to the unit of its smoothing sigma:
 * turns rows of pixels into feature vectors. On a single-channel image the colour part is the one
 * gray value (rgb, gray, channels), its lightness L* (lab) or its value V (hsv), because three equal
 * columns would make every covariance singular. Colour spaces other than {@code channels} need 1 or
 * 3 colour channels.
 *
 * <p>Immutable and thread-safe; scratch is passed in.
 */
public final class FeaturePipeline implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FeatureSpec spec;
    private final int channels;
    private final String smoothingUnit;
    private final int colorDimension;
    /** Colour features before the channel subset is taken. */
    private final int fullColorDimension;
    /** 0-based indices of the kept colour features, or null for all. */
    private final int[] selected;
    private final List<String> names;

    /** A pipeline whose smoothing sigma is in pixels. */
    public FeaturePipeline(FeatureSpec spec, int colorChannels) {
        this(spec, colorChannels, Calibration.PIXEL);
    }

    /**
     * @param smoothingUnit the unit of the spec's smoothing sigma: {@value Calibration#PIXEL}, or a length unit
     *     that images must be calibrated in (or in one convertible to it)
     */
    public FeaturePipeline(FeatureSpec spec, int colorChannels, String smoothingUnit) {
        this.spec = spec;
        this.channels = colorChannels;
        this.smoothingUnit = Calibration.of(1, 1, 1, smoothingUnit).unit();
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
        this.fullColorDimension = n.size();
        List<Integer> subset = spec.channels();
        if (!subset.isEmpty()) {
            int last = subset.get(subset.size() - 1);
            if (last > n.size()) {
                throw new IllegalArgumentException("channel " + last + " was asked for but features " + spec.colorSpace().id()
                        + " of this image have " + n.size() + " (" + String.join(", ", n) + ")");
            }
            List<String> kept = new ArrayList<>();
            this.selected = new int[subset.size()];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = subset.get(i) - 1;
                kept.add(n.get(selected[i]));
            }
            n = kept;
        } else {
            this.selected = null;
        }
        this.colorDimension = n.size();
        if (spec.hasXy()) {
            n.add("x");
            n.add("y");
        }
        if (spec.zCoordinate()) {
            n.add("z");
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

    /** The unit of the smoothing sigma: {@value Calibration#PIXEL} or a length unit. */
    public String smoothingUnit() {
        return smoothingUnit;
    }

    /**
     * The image ready for {@link #compute}: checked against the pipeline and smoothed as the spec says, the sigma
     * converted from {@link #smoothingUnit()} to the unit of the image's calibration.
     *
     * @throws GmmException when the image has another number of colour channels, no Z axis for {@code +xyz}, or a
     *     calibration the sigma's unit cannot be converted to
     */
    public ImagePixels prepare(ImagePixels image) {
        if (image.colorChannels() != channels) {
            throw new GmmException("the features " + spec.name() + " were set up for images with " + channels
                    + " channel" + (channels == 1 ? "" : "s") + " but this image has " + image.colorChannels());
        }
        if (spec.zCoordinate() && image.depth() < 2) {
            throw new GmmException("features " + spec.name() + " need a volume (a Z axis of 2 or more slices); this "
                    + "image has " + (image.depth() == 1 ? "none" : image.depth()) + "; use +xy");
        }
        if (spec.smoothingSigma() <= 0) {
            return image;
        }
        String unit = image.calibration().unit();
        double factor = Calibration.conversion(smoothingUnit, unit);
        if (Double.isNaN(factor)) {
            throw new GmmException("the smoothing sigma is " + spec.smoothingSigma() + " " + smoothingUnit
                    + " but this image is " + (image.calibration().physical() ? "calibrated in " + unit
                            : "not calibrated (sizes in pixels)") + "; smooth it with a sigma in its own unit");
        }
        return image.smoothed(factor == 1 ? spec.smoothingSigma() : spec.smoothingSigma() * factor);
    }

    /**
     * The scales of the coordinates x, y, z for an image: coordinate i along axis a is {@code i * scale[a]}, so
     * that the longest physical extent along the coordinates runs from 0 to the spec's weight (see
     * {@link FeatureSpec}); all 0 without coordinates or for a single pixel.
     */
    public double[] coordinateScales(ImagePixels image) {
        double[] scales = new double[3];
        if (!spec.hasXy()) {
            return scales;
        }
        Calibration cal = image.calibration();
        // relative to the pixel width, so that square pixels give exactly 1 and the 2-D scale W / (S - 1)
        double[] relative = {1, cal.pixelHeight() / cal.pixelWidth(), cal.voxelDepth() / cal.pixelWidth()};
        int[] sizes = {image.width(), image.height(), image.depth()};
        int axes = spec.zCoordinate() ? 3 : 2;
        double extent = 0;
        for (int a = 0; a < axes; a++) {
            extent = Math.max(extent, (sizes[a] - 1) * relative[a]);
        }
        if (extent > 0) {
            for (int a = 0; a < axes; a++) {
                scales[a] = spec.xyWeight() * relative[a] / extent;
            }
        }
        return scales;
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
     * Computes the features of row y of a plane.
     *
     * @param row channel values of the row in [0, 1]: row[c][x]
     * @param width number of pixels in the row
     * @param extent max(width, height) of the whole image, for the coordinate scale
     * @param out receives width * D values, row-major (modified)
     */
    public void compute(double[][] row, int y, int width, int extent, double[] out) {
        double xyScale = extent > 1 ? spec.xyWeight() / (extent - 1) : 0;
        compute(row, y, 0, width, new double[] {xyScale, xyScale, 0}, out);
    }

    /**
     * Reads row r of an image (rows run over Y, then Z, then T: {@link ImagePixels#readRow}) and
     * computes its features, the row's y and its slice's z as coordinates.
     *
     * @param row receives the channel values (modified)
     * @param valid receives whether each pixel is included (modified)
     * @param scales the coordinate scales of the image ({@link #coordinateScales})
     * @param out receives width * D values, row-major (modified)
     */
    public void computeRow(ImagePixels image, int r, double[][] row, boolean[] valid, double[] scales, double[] out) {
        image.readRow(r, row, valid);
        int h = image.height();
        compute(row, r % h, (r / h) % image.depth(), image.width(), scales, out);
    }

    /**
     * Computes the features of row y of slice z.
     *
     * @param row channel values of the row in [0, 1]: row[c][x]
     * @param width number of pixels in the row
     * @param scales the coordinate scales of the image ({@link #coordinateScales})
     * @param out receives width * D values, row-major (modified)
     */
    public void compute(double[][] row, int y, int z, int width, double[] scales, double[] out) {
        int d = dimension();
        double xScale = scales[0];
        double yScale = scales[1];
        double zValue = z * scales[2];
        // with a subset, the full colour vector goes to a per-row scratch and the kept features are copied
        double[] full = selected == null ? out : new double[fullColorDimension];
        for (int x = 0; x < width; x++) {
            int o = x * d;
            int f = selected == null ? o : 0;
            if (spec.colorSpace() == ColorSpace.CHANNELS) {
                for (int c = 0; c < channels; c++) {
                    full[f + c] = row[c][x];
                }
            } else if (channels == 1) {
                double v = row[0][x];
                full[f] = spec.colorSpace() == ColorSpace.LAB ? ColorConversions.grayToLightness(v) : v;
            } else {
                double r = row[0][x];
                double g = row[1][x];
                double b = row[2][x];
                switch (spec.colorSpace()) {
                    case RGB -> {
                        full[f] = r;
                        full[f + 1] = g;
                        full[f + 2] = b;
                    }
                    case LAB -> ColorConversions.rgbToLab(r, g, b, full, f);
                    case HSV -> ColorConversions.rgbToHsv(r, g, b, full, f);
                    case GRAY -> full[f] = ColorConversions.luminance(r, g, b);
                    default -> throw new IllegalStateException();
                }
            }
            if (selected != null) {
                for (int i = 0; i < selected.length; i++) {
                    out[o + i] = full[selected[i]];
                }
            }
            if (spec.hasXy()) {
                out[o + colorDimension] = x * xScale;
                out[o + colorDimension + 1] = y * yScale;
                if (spec.zCoordinate()) {
                    out[o + colorDimension + 2] = zValue;
                }
            }
        }
    }
}
