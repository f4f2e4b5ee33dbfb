package org.gmmseg.segmentation.features;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Read access to the pixels of a 2-D image with channels, row by row, as values in [0, 1]:
 * integer types are divided by their maximum (255, 65535), float images are taken as they are.
 * A pixel is excluded (not valid) when its alpha is 0 or one of its channels is NaN.
 *
 * <p>Backed by an imglib2 interval with axes X, Y and optionally C (channel last, alpha the last
 * channel when present), or by smoothed float planes ({@link #smoothed}). Thread-safe for
 * concurrent reads: every call makes its own accessor.
 */
public final class ImagePixels {
    private final RandomAccessibleInterval<? extends RealType<?>> image;
    private final float[][] planes;
    private final boolean[] planeValid;
    private final int width;
    private final int height;
    private final int colorChannels;
    private final boolean alpha;
    private final double scale;
    private final boolean eightBit;

    private ImagePixels(RandomAccessibleInterval<? extends RealType<?>> image, float[][] planes, boolean[] planeValid,
            int width, int height, int colorChannels, boolean alpha, double scale, boolean eightBit) {
        this.image = image;
        this.planes = planes;
        this.planeValid = planeValid;
        this.width = width;
        this.height = height;
        this.colorChannels = colorChannels;
        this.alpha = alpha;
        this.scale = scale;
        this.eightBit = eightBit;
        if ((long) width * height == 0) {
            throw new IllegalArgumentException("empty image (" + width + " x " + height + ")");
        }
    }

    /**
     * @param image axes X, Y (one channel) or X, Y, C
     * @param alphaLast true when the last channel is an alpha channel
     */
    public static ImagePixels of(RandomAccessibleInterval<? extends RealType<?>> image, boolean alphaLast) {
        int n = image.numDimensions();
        if (n != 2 && n != 3) {
            throw new IllegalArgumentException("expected a 2-D image with an optional channel axis (X, Y[, C]), got "
                    + n + " dimensions");
        }
        RandomAccessibleInterval<? extends RealType<?>> xyc = n == 2 ? Views.addDimension(image, 0, 0)
                : image;
        xyc = Views.zeroMin(xyc);
        int channels = (int) xyc.dimension(2);
        if (alphaLast && channels < 2) {
            throw new IllegalArgumentException("an image with alpha needs at least two channels");
        }
        RealType<?> type = xyc.getType();
        boolean integer = type instanceof IntegerType<?>;
        double scale = integer ? 1 / type.getMaxValue() : 1;
        boolean eightBit = integer && type.getMaxValue() <= 255;
        return new ImagePixels(xyc, null, null, (int) xyc.dimension(0), (int) xyc.dimension(1),
                alphaLast ? channels - 1 : channels, alphaLast, scale, eightBit);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Whether the values come from an integer type of at most 8 bits (e.g. {@code UnsignedByteType}), whose
     * range [0, 1] is what such images use. False for wider integer types (16-bit images often hold 12 bits of
     * data, so their values fill only part of [0, 1]) and for float images. Smoothed copies keep the source's.
     */
    public boolean eightBit() {
        return eightBit;
    }

    /** Number of colour channels (alpha excluded). */
    public int colorChannels() {
        return colorChannels;
    }

    /**
     * Reads row y.
     *
     * @param row receives row[c][x] for every colour channel, in [0, 1] (modified)
     * @param valid receives whether each pixel is included (modified)
     */
    public void readRow(int y, double[][] row, boolean[] valid) {
        if (planes != null) {
            int o = y * width;
            for (int x = 0; x < width; x++) {
                valid[x] = planeValid[o + x];
            }
            for (int c = 0; c < colorChannels; c++) {
                float[] p = planes[c];
                double[] r = row[c];
                for (int x = 0; x < width; x++) {
                    r[x] = p[o + x];
                }
            }
            return;
        }
        RandomAccess<? extends RealType<?>> ra = image.randomAccess();
        for (int x = 0; x < width; x++) {
            valid[x] = true;
        }
        for (int c = 0; c < colorChannels; c++) {
            double[] r = row[c];
            ra.setPosition(0, 0);
            ra.setPosition(y, 1);
            ra.setPosition(c, 2);
            for (int x = 0; x < width; x++) {
                double v = ra.get().getRealDouble() * scale;
                r[x] = v;
                if (Double.isNaN(v)) {
                    valid[x] = false;
                }
                ra.fwd(0);
            }
        }
        if (alpha) {
            ra.setPosition(0, 0);
            ra.setPosition(y, 1);
            ra.setPosition(colorChannels, 2);
            for (int x = 0; x < width; x++) {
                if (!(ra.get().getRealDouble() > 0)) {
                    valid[x] = false;
                }
                ra.fwd(0);
            }
        }
    }

    /**
     * A copy smoothed by a Gaussian of the given sigma (pixels) in x and y, channel by channel.
     * Excluded pixels neither contribute nor are filled in (normalised convolution), borders
     * mirror. Sigma 0 returns this.
     */
    public ImagePixels smoothed(double sigma) {
        if (sigma <= 0) {
            return this;
        }
        float[][] out = new float[colorChannels][width * height];
        boolean[] valid = new boolean[width * height];
        double[][] row = new double[colorChannels][width];
        boolean[] rowValid = new boolean[width];
        for (int y = 0; y < height; y++) {
            readRow(y, row, rowValid);
            for (int x = 0; x < width; x++) {
                valid[y * width + x] = rowValid[x];
                for (int c = 0; c < colorChannels; c++) {
                    out[c][y * width + x] = rowValid[x] ? (float) row[c][x] : 0f;
                }
            }
        }
        double[] kernel = gaussianKernel(sigma);
        float[] mask = new float[width * height];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = valid[i] ? 1f : 0f;
        }
        float[] weight = convolve(convolve(mask, kernel, true), kernel, false);
        for (int c = 0; c < colorChannels; c++) {
            float[] s = convolve(convolve(out[c], kernel, true), kernel, false);
            for (int i = 0; i < s.length; i++) {
                s[i] = valid[i] && weight[i] > 0 ? s[i] / weight[i] : 0f;
            }
            out[c] = s;
        }
        return new ImagePixels(null, out, valid, width, height, colorChannels, false, 1, eightBit);
    }

    private static double[] gaussianKernel(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** One-dimensional convolution along x (alongX) or y with mirrored borders. */
    private float[] convolve(float[] in, double[] kernel, boolean alongX) {
        int radius = kernel.length / 2;
        float[] out = new float[in.length];
        int len = alongX ? width : height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int pos = alongX ? x : y;
                double s = 0;
                for (int t = -radius; t <= radius; t++) {
                    int p = mirror(pos + t, len);
                    s += kernel[t + radius] * (alongX ? in[y * width + p] : in[p * width + x]);
                }
                out[y * width + x] = (float) s;
            }
        }
        return out;
    }

    private static int mirror(int p, int len) {
        if (len == 1) {
            return 0;
        }
        int period = 2 * (len - 1);
        p = Math.floorMod(p, period);
        return p < len ? p : period - p;
    }
}
