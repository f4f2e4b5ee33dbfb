package org.gmmseg.segmentation.features;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.AxisViews;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;

/**
 * Read access to the pixels of an image with channels, row by row, as values in [0, 1]: integer
 * types are divided by their maximum (255, 65535), float images are taken as they are. A pixel is
 * excluded (not valid) when its alpha is 0 or one of its channels is not a finite number (NaN or an
 * infinity).
 *
 * <p>The image may be a plane (X, Y), a volume (X, Y, Z), a time series (X, Y, T) or both (X, Y, Z,
 * T), each with or without channels. Its rows are numbered slice by slice and frame by frame: row
 * {@code r} is row {@code y = r % height} of slice {@code z = (r / height) % depth} of frame
 * {@code t = r / (height * depth)}; a 2-D image's rows are its y. Voxel sizes come with the image
 * ({@link #calibration()}).
 *
 * <p>Backed by an imglib2 interval, or by smoothed float planes ({@link #smoothed}). Thread-safe for
 * concurrent reads: every call makes its own accessor.
 */
public final class ImagePixels {
    /** The order of the view an interval is read through. */
    private static final List<Axis> ORDER = List.of(Axis.X, Axis.Y, Axis.C, Axis.Z, Axis.T);

    private final RandomAccessibleInterval<? extends RealType<?>> image;
    /**
     * The primitive array behind {@code image} (byte[], short[] or float[]) when it is an array image laid out as
     * X, Y, C, Z, T are ordered, read directly rather than through accessors; else null.
     */
    private final Object array;
    private final float[][] planes;
    private final boolean[] planeValid;
    /** The first frame of {@code image} or {@code planes} that this object reads. */
    private final int firstFrame;
    private final int width;
    private final int height;
    private final int depth;
    private final int frames;
    private final int colorChannels;
    private final boolean alpha;
    private final double scale;
    private final boolean eightBit;
    private final Calibration calibration;

    private ImagePixels(RandomAccessibleInterval<? extends RealType<?>> image, Object array, float[][] planes,
            boolean[] planeValid, int firstFrame, int width, int height, int depth, int frames, int colorChannels,
            boolean alpha, double scale, boolean eightBit, Calibration calibration) {
        this.image = image;
        this.array = array;
        this.planes = planes;
        this.planeValid = planeValid;
        this.firstFrame = firstFrame;
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.frames = frames;
        this.colorChannels = colorChannels;
        this.alpha = alpha;
        this.scale = scale;
        this.eightBit = eightBit;
        this.calibration = calibration;
        if ((long) width * height * depth * frames == 0) {
            throw new IllegalArgumentException("empty image (" + width + " x " + height
                    + (depth != 1 ? " x " + depth + " slices" : "") + (frames != 1 ? " x " + frames + " frames" : "") + ")");
        }
        if ((long) height * depth * frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many rows: " + height + " x " + depth + " x " + frames);
        }
    }

    /**
     * A plane without calibration.
     *
     * @param image axes X, Y (one channel) or X, Y, C
     * @param alphaLast true when the last channel is an alpha channel
     */
    public static ImagePixels of(RandomAccessibleInterval<? extends RealType<?>> image, boolean alphaLast) {
        int n = image.numDimensions();
        if (n != 2 && n != 3) {
            throw new IllegalArgumentException("expected a 2-D image with an optional channel axis (X, Y, C), got "
                    + n + " dimensions; give its axes for other images");
        }
        return of(image, ImageAxes.of(n == 2 ? "xy" : "xyc"), alphaLast);
    }

    /**
     * An image with the given axes and their calibration.
     *
     * @param alphaLast true when the last channel is an alpha channel
     * @throws IllegalArgumentException when the axes do not fit the image, or it is empty
     */
    public static ImagePixels of(RandomAccessibleInterval<? extends RealType<?>> image, ImageAxes axes,
            boolean alphaLast) {
        RandomAccessibleInterval<? extends RealType<?>> view = Views.zeroMin(AxisViews.arrange(image, axes, ORDER));
        int channels = (int) view.dimension(2);
        if (alphaLast && channels < 2) {
            throw new IllegalArgumentException("an image with alpha needs at least two channels");
        }
        RealType<?> type = view.getType();
        boolean integer = type instanceof IntegerType<?>;
        double scale = integer ? 1 / type.getMaxValue() : 1;
        boolean eightBit = integer && type.getMaxValue() <= 255;
        return new ImagePixels(view, directArray(image, axes), null, null, 0, size(view, 0), size(view, 1),
                size(view, 3), size(view, 4), alphaLast ? channels - 1 : channels, alphaLast, scale, eightBit,
                axes.calibration());
    }

    /**
     * The array of an {@code ArrayImg} of unsigned bytes, unsigned shorts or floats whose axes are in the order
     * X, Y, C, Z, T (some may be missing), so that its flat index is that of the X, Y, C, Z, T view; else null.
     */
    private static Object directArray(RandomAccessibleInterval<?> image, ImageAxes axes) {
        if (!(image instanceof ArrayImg<?, ?> img)) {
            return null;
        }
        for (int d = 0; d < image.numDimensions(); d++) {
            if (image.min(d) != 0) {
                return null;
            }
        }
        List<Axis> order = axes.order();
        for (int i = 1; i < order.size(); i++) {
            if (ORDER.indexOf(order.get(i)) < ORDER.indexOf(order.get(i - 1))) {
                return null;
            }
        }
        Object type = image.getType();
        Object access = img.update(null);
        if (type instanceof UnsignedByteType && access instanceof ByteArray b) {
            return b.getCurrentStorageArray();
        }
        if (type instanceof UnsignedShortType && access instanceof ShortArray a) {
            return a.getCurrentStorageArray();
        }
        if (type instanceof FloatType && access instanceof FloatArray f) {
            return f.getCurrentStorageArray();
        }
        return null;
    }

    private static int size(RandomAccessibleInterval<?> view, int d) {
        long n = view.dimension(d);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dimension " + d + " has " + n + " samples, more than an int");
        }
        return (int) n;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of slices (Z); 1 for a plane. */
    public int depth() {
        return depth;
    }

    /** Number of frames (T); 1 without a time axis. */
    public int frames() {
        return frames;
    }

    /** Number of rows: height x depth x frames. */
    public int rows() {
        return height * depth * frames;
    }

    /** Number of pixels (voxels): width x rows. */
    public long size() {
        return (long) width * rows();
    }

    /** The voxel size; {@link Calibration#NONE} when not known. */
    public Calibration calibration() {
        return calibration;
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
     * A per-voxel output of this image (labels; probabilities with the components last) as a zero-based X, Y, Z, T
     * (then K) view. The output's axes are X, Y, then Z when the image has several slices and T when it has several
     * frames (then K); an output with all four (five) of them at full size is taken as it is.
     *
     * @param components whether the output's last axis holds the components
     * @throws IllegalArgumentException when the output does not have the image's size
     */
    public <T> RandomAccessibleInterval<T> outputView(RandomAccessibleInterval<T> out, boolean components) {
        List<Axis> full = new ArrayList<>(List.of(Axis.X, Axis.Y, Axis.Z, Axis.T));
        List<Axis> present = new ArrayList<>(List.of(Axis.X, Axis.Y));
        if (depth > 1) {
            present.add(Axis.Z);
        }
        if (frames > 1) {
            present.add(Axis.T);
        }
        if (components) {
            full.add(Axis.C);
            present.add(Axis.C);
        }
        List<Axis> axes = out.numDimensions() == full.size() ? full : present;
        long[] wanted = {width, height, depth, frames};
        if (out.numDimensions() != axes.size()) {
            throw new IllegalArgumentException("the output has " + out.numDimensions() + " dimensions but the image is "
                    + shape() + (components ? " (with the components last)" : ""));
        }
        RandomAccessibleInterval<T> view = AxisViews.arrange(out, ImageAxes.of(axes, Calibration.NONE), full);
        for (int d = 0; d < 4; d++) {
            if (view.dimension(d) != wanted[d]) {
                StringBuilder dims = new StringBuilder();
                for (int i = 0; i < out.numDimensions(); i++) {
                    dims.append(i == 0 ? "" : " x ").append(out.dimension(i));
                }
                throw new IllegalArgumentException("the output is " + dims + " but the image is " + shape());
            }
        }
        return Views.zeroMin(view);
    }

    /** E.g. {@code 64 x 48 x 10 slices x 3 frames}. */
    public String shape() {
        return width + " x " + height + (depth > 1 ? " x " + depth + " slices" : "")
                + (frames > 1 ? " x " + frames + " frames" : "");
    }

    /**
     * Frame {@code t} alone (0-based), sharing the pixels.
     *
     * @throws IndexOutOfBoundsException for a frame that is not there
     */
    public ImagePixels frame(int t) {
        if (t < 0 || t >= frames) {
            throw new IndexOutOfBoundsException("frame " + t + " of " + frames);
        }
        return new ImagePixels(image, array, planes, planeValid, firstFrame + t, width, height, depth, 1, colorChannels,
                alpha, scale, eightBit, calibration);
    }

    /**
     * Reads a row (see the class comment for how rows are numbered).
     *
     * @param row receives row[c][x] for every colour channel, in [0, 1] (modified)
     * @param valid receives whether each pixel is included (modified)
     */
    public void readRow(int r, double[][] row, boolean[] valid) {
        int y = r % height;
        int z = (r / height) % depth;
        int t = r / (height * depth) + firstFrame;
        if (planes != null) {
            int o = ((t * depth + z) * height + y) * width;
            for (int x = 0; x < width; x++) {
                valid[x] = planeValid[o + x];
            }
            for (int c = 0; c < colorChannels; c++) {
                float[] p = planes[c];
                double[] out = row[c];
                for (int x = 0; x < width; x++) {
                    out[x] = p[o + x];
                }
            }
            return;
        }
        if (array != null) {
            readDirect(y, z, t, row, valid);
            return;
        }
        RandomAccess<? extends RealType<?>> ra = image.randomAccess();
        for (int x = 0; x < width; x++) {
            valid[x] = true;
        }
        ra.setPosition(z, 3);
        ra.setPosition(t, 4);
        for (int c = 0; c < colorChannels; c++) {
            double[] out = row[c];
            ra.setPosition(0, 0);
            ra.setPosition(y, 1);
            ra.setPosition(c, 2);
            for (int x = 0; x < width; x++) {
                double v = ra.get().getRealDouble() * scale;
                out[x] = v;
                if (!Double.isFinite(v)) {
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

    /** {@link #readRow} from the array: the same values as through accessors, without their calls per pixel. */
    private void readDirect(int y, int z, int t, double[][] row, boolean[] valid) {
        int all = colorChannels + (alpha ? 1 : 0);
        long plane = (long) width * height;
        long first = (long) (t * depth + z) * all * plane + (long) y * width;
        for (int x = 0; x < width; x++) {
            valid[x] = true;
        }
        for (int c = 0; c < colorChannels; c++) {
            int o = (int) (first + c * plane);
            double[] out = row[c];
            if (array instanceof byte[] b) {
                for (int x = 0; x < width; x++) {
                    out[x] = (b[o + x] & 0xff) * scale;
                }
            } else if (array instanceof short[] sh) {
                for (int x = 0; x < width; x++) {
                    out[x] = (sh[o + x] & 0xffff) * scale;
                }
            } else {
                float[] f = (float[]) array;
                for (int x = 0; x < width; x++) {
                    out[x] = f[o + x] * scale;
                    if (!Double.isFinite(out[x])) {
                        valid[x] = false;
                    }
                }
            }
        }
        if (alpha) { // alpha 0 excludes the pixel
            int o = (int) (first + colorChannels * plane);
            for (int x = 0; x < width; x++) {
                double v = array instanceof byte[] b ? b[o + x] & 0xff
                        : array instanceof short[] sh ? sh[o + x] & 0xffff : ((float[]) array)[o + x];
                if (!(v > 0)) {
                    valid[x] = false;
                }
            }
        }
    }

    /**
     * A copy smoothed by a Gaussian of standard deviation {@code sigma} in the unit of the
     * calibration (pixels when there is none) along X, Y and, in a volume, Z, channel by channel
     * and frame by frame: sigma / voxel size samples along each axis. See {@link #smoothed(double,
     * double, double)}. Sigma 0 returns this.
     */
    public ImagePixels smoothed(double sigma) {
        if (sigma <= 0) {
            return this;
        }
        return smoothed(sigma / calibration.pixelWidth(), sigma / calibration.pixelHeight(),
                sigma / calibration.voxelDepth());
    }

    /**
     * A copy smoothed by a separable Gaussian with the given standard deviations in samples,
     * channel by channel, each frame on its own. Excluded pixels neither contribute nor are filled
     * in (normalised convolution), borders mirror, and the cost is bounded by the image's extent
     * whatever the sigmas ({@code GaussianLine}). Z is smoothed only when the image has more than one
     * slice.
     */
    public ImagePixels smoothed(double sigmaX, double sigmaY, double sigmaZ) {
        int plane = width * height;
        int frameSize = plane * depth;
        long total = (long) frameSize * frames;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many pixels to smooth in one array: " + total);
        }
        int n = (int) total;
        float[][] out = new float[colorChannels][n];
        boolean[] valid = new boolean[n];
        float[] weight = new float[n];
        double[][] row = new double[colorChannels][width];
        boolean[] rowValid = new boolean[width];
        for (int r = 0; r < rows(); r++) {
            readRow(r, row, rowValid);
            int o = r * width;
            for (int x = 0; x < width; x++) {
                valid[o + x] = rowValid[x];
                weight[o + x] = rowValid[x] ? 1f : 0f;
                for (int c = 0; c < colorChannels; c++) {
                    out[c][o + x] = rowValid[x] ? (float) row[c][x] : 0f;
                }
            }
        }
        GaussianLine alongX = new GaussianLine(sigmaX, width);
        GaussianLine alongY = new GaussianLine(sigmaY, height);
        GaussianLine alongZ = depth > 1 ? new GaussianLine(sigmaZ, depth) : null;
        for (int t = 0; t < frames; t++) {
            int base = t * frameSize;
            for (float[] values : withWeight(out, weight)) {
                filter(values, base, height * depth, width, 1, alongX);
                for (int z = 0; z < depth; z++) {
                    filter(values, base + z * plane, 1, height, width, alongY);
                }
                if (alongZ != null) {
                    filter(values, base, 1, depth, plane, alongZ);
                }
            }
        }
        for (float[] s : out) {
            for (int i = 0; i < n; i++) {
                s[i] = valid[i] && weight[i] > 0 ? s[i] / weight[i] : 0f;
            }
        }
        return new ImagePixels(null, null, out, valid, 0, width, height, depth, frames, colorChannels, false, 1,
                eightBit, calibration);
    }

    private static float[][] withWeight(float[][] channels, float[] weight) {
        float[][] all = new float[channels.length + 1][];
        all[0] = weight;
        System.arraycopy(channels, 0, all, 1, channels.length);
        return all;
    }

    /**
     * Filters the lines of a block in place: {@code outer} blocks of {@code length} lines'
     * samples with stride {@code inner}, from {@code base}; lines are gathered a row of
     * {@code inner} samples at a time so that memory is read in order.
     */
    private static void filter(float[] values, int base, int outer, int length, int inner, GaussianLine line) {
        int block = Math.min(inner, 1024);
        float[] gathered = new float[length * block];
        float[] in = new float[length];
        float[] result = new float[length];
        for (int o = 0; o < outer; o++) {
            int start = base + o * length * inner;
            for (int j0 = 0; j0 < inner; j0 += block) {
                int count = Math.min(block, inner - j0);
                for (int i = 0; i < length; i++) {
                    System.arraycopy(values, start + i * inner + j0, gathered, i * count, count);
                }
                for (int j = 0; j < count; j++) {
                    for (int i = 0; i < length; i++) {
                        in[i] = gathered[i * count + j];
                    }
                    line.apply(in, result);
                    for (int i = 0; i < length; i++) {
                        values[start + i * inner + j0 + j] = result[i];
                    }
                }
            }
        }
    }
}
