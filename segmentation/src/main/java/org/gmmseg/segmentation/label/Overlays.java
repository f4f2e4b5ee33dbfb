package org.gmmseg.segmentation.label;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;

import org.gmmseg.segmentation.features.ImagePixels;

/** Preview images: label colours from the {@link Palette} blended over the image. */
public final class Overlays {
    private Overlays() {
    }

    /**
     * Blends each labelled pixel's colour over the image (shown in gray when it has not three
     * channels): out = (1 - opacity) image + opacity colour; excluded pixels (label 0) keep the image.
     *
     * <p>How the image is shown: 8-bit images as they are stored. Images of more bits and float
     * images with each channel stretched to its actual range (as Fiji's auto-contrast would show
     * them): its minimum over the included pixels (valid, label not 0, finite) becomes 0 and its
     * maximum 255, so that, e.g., a 16-bit image holding 12-bit data is not almost black. A channel
     * with a single value (or no included pixel) is shown as stored.
     *
     * @param opacity in [0, 1]
     * @return 0xRRGGBB pixels, row-major
     */
    public static int[] blend(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            double opacity) {
        int w = image.width();
        int h = image.height();
        int[] out = new int[w * h];
        double[][] row = new double[image.colorChannels()][w];
        boolean[] valid = new boolean[w];
        double[][] range = image.eightBit() ? null : displayRange(image, labels, row, valid);
        RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
        for (int y = 0; y < h; y++) {
            image.readRow(y, row, valid);
            for (int x = 0; x < w; x++) {
                ra.setPosition(labels.min(0) + x, 0);
                ra.setPosition(labels.min(1) + y, 1);
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

    /**
     * Per colour channel {min, max} of the finite values of the included pixels (valid and label
     * not 0), or null for a channel where they are not a proper range (no such pixel, or
     * min = max). Uses row and valid as buffers.
     */
    private static double[][] displayRange(ImagePixels image, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            double[][] row, boolean[] valid) {
        int channels = image.colorChannels();
        double[] min = new double[channels];
        double[] max = new double[channels];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        RandomAccess<? extends IntegerType<?>> ra = labels.randomAccess();
        for (int y = 0; y < image.height(); y++) {
            image.readRow(y, row, valid);
            for (int x = 0; x < image.width(); x++) {
                if (!valid[x]) {
                    continue;
                }
                ra.setPosition(labels.min(0) + x, 0);
                ra.setPosition(labels.min(1) + y, 1);
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
