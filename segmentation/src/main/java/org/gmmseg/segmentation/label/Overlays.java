package org.gmmseg.segmentation.label;

import java.util.Arrays;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.gmmseg.segmentation.features.ImagePixels;

/** Preview images: label colours from the {@link Palette} blended over the image. */
public final class Overlays {
    private Overlays() {
    }

    /**
     * Blends each labelled pixel's colour over a 2-D image; see {@link #blender}.
     *
     * @param labels X x Y
     * @param opacity in [0, 1]
     * @return 0xRRGGBB pixels, row-major
     */
    public static int[] blend(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            double opacity) {
        return blender(image, labels, opacity).plane(0, 0);
    }

    /**
     * Blends each labelled pixel's colour over the image plane by plane (shown in gray when it has
     * not three channels): out = (1 - opacity) image + opacity colour; excluded pixels (label 0) keep
     * the image.
     *
     * <p>How the image is shown: 8-bit images as they are stored. Images of more bits and float
     * images with each channel stretched to its actual range over the whole image, every slice and
     * frame (as Fiji's auto-contrast would show them): its minimum over the included pixels (valid,
     * label not 0, finite) becomes 0 and its maximum 255, so that, e.g., a 16-bit image holding
     * 12-bit data is not almost black. A channel with a single value (or no included pixel) is shown
     * as stored. The range is found here, in one pass over the image.
     *
     * @param labels X x Y, then Z and T when the image has several slices or frames
     * @param opacity in [0, 1]
     */
    public static Blender blender(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            double opacity) {
        RandomAccessibleInterval<? extends IntegerType<?>> xyzt = image.outputView(labels, false);
        return new Blender(image, xyzt, opacity, image.eightBit() ? null : displayRange(image, xyzt));
    }

    /** Overlay planes of one image; thread-safe for concurrent calls. */
    public static final class Blender {
        private final ImagePixels image;
        private final RandomAccessibleInterval<? extends IntegerType<?>> labels;
        private final double opacity;
        private final double[][] range;

        private Blender(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels, double opacity,
                double[][] range) {
            this.image = image;
            this.labels = labels;
            this.opacity = opacity;
            this.range = range;
        }

        /** Plane (z, t) as row-major 0xRRGGBB pixels. */
        public int[] plane(int z, int t) {
            int w = image.width();
            int h = image.height();
            int[] out = new int[w * h];
            double[][] row = new double[image.colorChannels()][w];
            boolean[] valid = new boolean[w];
            RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
            ra.setPosition(z, 2);
            ra.setPosition(t, 3);
            for (int y = 0; y < h; y++) {
                image.readRow(y + h * (z + image.depth() * t), row, valid);
                for (int x = 0; x < w; x++) {
                    ra.setPosition(x, 0);
                    ra.setPosition(y, 1);
                    int label = ra.get().getInteger();
                    int colour = Palette.rgb(label);
                    double a = label == 0 ? 0 : opacity;
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int channel = image.colorChannels() == 3 ? c : 0;
                        double v = row[channel][x];
                        if (range != null && range[channel] != null) {
                            v = (v - range[channel][0]) / (range[channel][1] - range[channel][0]);
                        }
                        v = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v)) * 255;
                        int lc = (colour >> (16 - 8 * c)) & 0xff;
                        int mixed = (int) Math.round((1 - a) * v + a * lc);
                        rgb |= mixed << (16 - 8 * c);
                    }
                    out[y * w + x] = rgb;
                }
            }
            return out;
        }
    }

    /**
     * Per colour channel {min, max} of the finite values of the included pixels (valid and label
     * not 0), or null for a channel where they are not a proper range (no such pixel, or
     * min = max).
     */
    private static double[][] displayRange(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels) {
        int channels = image.colorChannels();
        int w = image.width();
        int h = image.height();
        double[][] row = new double[channels][w];
        boolean[] valid = new boolean[w];
        double[] min = new double[channels];
        double[] max = new double[channels];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
        for (int r = 0; r < image.rows(); r++) {
            image.readRow(r, row, valid);
            ra.setPosition(r % h, 1);
            ra.setPosition((r / h) % image.depth(), 2);
            ra.setPosition(r / (h * image.depth()), 3);
            for (int x = 0; x < w; x++) {
                if (!valid[x]) {
                    continue;
                }
                ra.setPosition(x, 0);
                if (ra.get().getInteger() == 0) {
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    double v = row[c][x];
                    if (Double.isFinite(v)) {
                        min[c] = Math.min(min[c], v);
                        max[c] = Math.max(max[c], v);
                    }
                }
            }
        }
        double[][] range = new double[channels][];
        for (int c = 0; c < channels; c++) {
            if (max[c] > min[c]) {
                range[c] = new double[] {min[c], max[c]};
            }
        }
        return range;
    }
}
