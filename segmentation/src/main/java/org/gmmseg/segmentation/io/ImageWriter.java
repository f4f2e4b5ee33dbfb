package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.AxisViews;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;

/**
 * Writes label maps, probability maps and RGB overlays: PNG with {@link PngEncoder}, TIFF with {@link TiffWriter}
 * as ImageJ hyperstacks (ImageJ's description and resolution tags, so that Fiji and tifffile read the axes and the
 * calibration). Every write is atomic (temporary file in the same folder, then rename; see {@link AtomicFiles}), and
 * missing parent folders are created. Stateless and thread-safe.
 *
 * <ul>
 * <li>{@link #writeLabels}: 8-bit gray when {@code maxLabel <= 255}, else 16-bit gray; PNG (one plane), or a TIFF
 * compressed with Deflate (compression 8, which ImageJ/Fiji, tifffile, PIL and libtiff read), one page per slice and
 * frame;
 * <li>{@link #writeProbabilities}: an uncompressed 32-bit float TIFF (SampleFormat 3, IEEE float), the K components
 * as the channels of a hyperstack; a plane's opens in tifffile as a (K, H, W) float32 array;
 * <li>{@link #writeRgb}: an 8-bit RGB PNG; {@link #writeRgbStack}: an 8-bit RGB TIFF stack.
 * </ul>
 */
public final class ImageWriter {
    /** The largest label a 16-bit mask can hold. */
    public static final int MAX_LABEL = 65535;
    /** Label maps are mostly runs of one value, which deflate packs well as they are. */
    private static final int LABEL_FILTER = PngEncoder.FILTER_NONE;

    private ImageWriter() {
    }

    /**
     * Writes a 2-D label map without calibration.
     *
     * @param labels 2D, X then Y; every value in 0..maxLabel
     * @param maxLabel the largest label that may occur: up to 255 gives an 8-bit file, up to 65535 a 16-bit one
     * @throws IllegalArgumentException if labels is not 2D or too large, maxLabel is outside 0..65535, or a value is
     *     outside 0..maxLabel (the message gives the first such pixel); nothing is written then
     * @throws IOException if the file cannot be written
     */
    public static void writeLabels(Path path, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            MaskFormat format, int maxLabel) throws IOException {
        if (labels.numDimensions() != 2) {
            throw new IllegalArgumentException("labels need 2 dimensions (X, Y), got " + labels.numDimensions());
        }
        writeLabels(path, labels, ImageAxes.of("xy"), format, maxLabel);
    }

    /**
     * Writes a label map of a plane, a volume or a time series: PNG (a plane only) or TIFF. A TIFF is
     * Deflate-compressed, one page per slice and frame (slices fastest), with ImageJ's hyperstack description
     * ({@code slices}, {@code frames}, {@code unit}, {@code spacing}, {@code finterval}) and the pixel size in its
     * resolution tags, so that ImageJ and tifffile read it with its axes and calibration.
     *
     * @param labels axes as {@code axes} says: X, Y and optionally Z and T, in any order
     * @param axes the labels' axes (no C) and the calibration to write
     * @param maxLabel the largest label that may occur: up to 255 gives 8-bit samples, up to 65535 16-bit ones
     * @throws IllegalArgumentException if the axes do not fit the labels, a PNG is asked for labels with several
     *     planes, maxLabel is outside 0..65535, or a value is outside 0..maxLabel (the message gives the first such
     *     pixel); nothing is written then
     * @throws IOException if the file cannot be written or would exceed the 4 GiB of a TIFF
     */
    public static void writeLabels(Path path, RandomAccessibleInterval<? extends IntegerType<?>> labels, ImageAxes axes,
            MaskFormat format, int maxLabel) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        if (maxLabel < 0 || maxLabel > MAX_LABEL) {
            throw new IllegalArgumentException("maxLabel " + maxLabel + " is outside 0.." + MAX_LABEL
                    + " (16-bit masks hold labels up to " + MAX_LABEL + ")");
        }
        if (axes.has(Axis.C)) {
            throw new IllegalArgumentException("labels have no channel axis, got axes " + axes.letters());
        }
        RandomAccessibleInterval<? extends IntegerType<?>> xyzt = Views.zeroMin(AxisViews.arrange(labels, axes, XYZT));
        int w = checkedSize(xyzt.dimension(0), xyzt.dimension(1), 1);
        int h = (int) xyzt.dimension(1);
        int slices = (int) xyzt.dimension(2);
        int frames = (int) xyzt.dimension(3);
        boolean eightBit = maxLabel <= 255;
        if (format == MaskFormat.PNG && (slices > 1 || frames > 1)) {
            throw new IllegalArgumentException("a PNG holds one plane, but the labels have " + planes(slices, frames)
                    + "; write them as TIFF (--mask-format tif)");
        }
        if (format == MaskFormat.PNG) {
            byte[] bytes = eightBit ? new byte[w * h] : null;
            short[] shorts = eightBit ? null : new short[w * h];
            copyLabels(xyzt, 0, 0, maxLabel, eightBit ? bytes : shorts);
            if (eightBit) {
                AtomicFiles.write(path, out -> PngEncoder.write(out, w, h, PngEncoder.GRAY, 8, LABEL_FILTER,
                        (y, row) -> System.arraycopy(bytes, y * w, row, 0, w)));
            } else {
                AtomicFiles.write(path, out -> PngEncoder.write(out, w, h, PngEncoder.GRAY, 16, LABEL_FILTER, (y, row) -> {
                    for (int x = 0, i = y * w; x < w; x++, i++) {
                        row[2 * x] = (byte) (shorts[i] >>> 8);
                        row[2 * x + 1] = (byte) shorts[i];
                    }
                }));
            }
            return;
        }
        // every value is checked before anything is written
        Object check = eightBit ? new byte[w * h] : new short[w * h];
        for (int t = 0; t < frames; t++) {
            for (int z = 0; z < slices; z++) {
                copyLabels(xyzt, z, t, maxLabel, check);
            }
        }
        String description = ImageJMetadata.format(1, slices, frames, axes.calibration());
        AtomicFiles.write(path, out -> TiffWriter.write(out, path, w, h, slices * frames,
                eightBit ? TiffWriter.Sample.GRAY8 : TiffWriter.Sample.GRAY16, true, description, axes.calibration(),
                (page, buffer) -> copyLabels(xyzt, page % slices, page / slices, maxLabel, buffer)));
    }

    private static final List<Axis> XYZT = List.of(Axis.X, Axis.Y, Axis.Z, Axis.T);
    private static final List<Axis> XYCZT = List.of(Axis.X, Axis.Y, Axis.C, Axis.Z, Axis.T);

    private static String planes(int slices, int frames) {
        return (slices > 1 ? slices + " slices" : "") + (slices > 1 && frames > 1 ? " x " : "")
                + (frames > 1 ? frames + " frames" : "");
    }

    /** Copies plane (z, t) of X, Y, Z, T labels into a byte[] or short[], checking every value. */
    private static void copyLabels(RandomAccessibleInterval<? extends IntegerType<?>> xyzt, int z, int t, int maxLabel,
            Object dest) {
        byte[] bytes = dest instanceof byte[] b ? b : null;
        short[] shorts = dest instanceof short[] s ? s : null;
        int w = (int) xyzt.dimension(0);
        Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(Views.hyperSlice(Views.hyperSlice(xyzt, 3, t), 2, z))
                .cursor();
        for (int i = 0; cursor.hasNext(); i++) {
            long v = cursor.next().getIntegerLong();
            if (v < 0 || v > maxLabel) {
                throw new IllegalArgumentException("label " + v + " at (" + i % w + ", " + i / w
                        + (xyzt.dimension(2) > 1 ? ", z " + z : "") + (xyzt.dimension(3) > 1 ? ", t " + t : "")
                        + ") is outside 0.." + maxLabel);
            }
            if (bytes != null) {
                bytes[i] = (byte) v;
            } else {
                shorts[i] = (short) v;
            }
        }
    }

    /**
     * Writes per-pixel component probabilities (or any real values) of a plane as a 32-bit float TIFF with one page
     * per component, without calibration.
     *
     * @param xyk X, Y, K (component); values are converted to float
     * @throws IllegalArgumentException if xyk is not 3D or a page is too large
     * @throws IOException if the file cannot be written, or would exceed the 4 GiB of a classic TIFF
     */
    public static void writeProbabilities(Path path, RandomAccessibleInterval<? extends RealType<?>> xyk)
            throws IOException {
        if (xyk.numDimensions() != 3) {
            throw new IllegalArgumentException("probabilities need 3 dimensions (X, Y, K), got " + xyk.numDimensions());
        }
        writeProbabilities(path, xyk, ImageAxes.of("xyc"));
    }

    /**
     * Writes per-voxel component probabilities (or any real values) as an uncompressed 32-bit float ImageJ
     * hyperstack TIFF whose channels are the K components: one page per component, slice and frame (components
     * fastest, then slices), with the calibration. Fiji opens it as a K-channel hyperstack, tifffile as a float32
     * array of shape (T, Z, K, Y, X) without the axes of size 1.
     *
     * @param probabilities axes as {@code axes} says, with C the components; values are converted to float
     * @throws IllegalArgumentException if the axes do not fit or a page is too large
     * @throws IOException if the file cannot be written, or would exceed the 4 GiB of a classic TIFF
     */
    public static void writeProbabilities(Path path, RandomAccessibleInterval<? extends RealType<?>> probabilities,
            ImageAxes axes) throws IOException {
        Objects.requireNonNull(path, "path");
        RandomAccessibleInterval<? extends RealType<?>> xyczt = Views.zeroMin(AxisViews.arrange(probabilities, axes,
                XYCZT));
        int w = checkedSize(xyczt.dimension(0), xyczt.dimension(1), 1);
        writeProbabilities(path, w, (int) xyczt.dimension(1), (int) xyczt.dimension(2), (int) xyczt.dimension(3),
                (int) xyczt.dimension(4), axes.calibration(), (c, z, t, f) -> {
                    int i = 0;
                    for (RealType<?> v : Views.flatIterable(Views.hyperSlice(Views.hyperSlice(Views.hyperSlice(xyczt, 4,
                            t), 3, z), 2, c))) {
                        f[i++] = v.getRealFloat();
                    }
                });
    }

    /** Fills one plane of probabilities: component c of slice z of frame t, row-major. */
    @FunctionalInterface
    public interface ProbabilityPlanes {
        void fill(int c, int z, int t, float[] plane);
    }

    /**
     * Writes probabilities as {@link #writeProbabilities(Path, RandomAccessibleInterval, ImageAxes)} does, plane by
     * plane as they are filled (components fastest, then slices, then frames), so that the whole stack need never be
     * in memory.
     */
    public static void writeProbabilities(Path path, int width, int height, int components, int slices, int frames,
            Calibration calibration, ProbabilityPlanes planes) throws IOException {
        Objects.requireNonNull(path, "path");
        checkedSize(width, height, 1);
        String description = ImageJMetadata.format(components, slices, frames, calibration);
        AtomicFiles.write(path, out -> TiffWriter.write(out, path, width, height, components * slices * frames,
                TiffWriter.Sample.FLOAT32, false, description, calibration, (page, buffer) -> planes.fill(
                        page % components, (page / components) % slices, page / (components * slices),
                        (float[]) buffer)));
    }

    /**
     * Writes RGB planes (e.g. overlays of a volume) as an 8-bit RGB TIFF, one page per slice and frame (slices
     * fastest), Deflate-compressed, with ImageJ's description and the calibration.
     *
     * @param planes plane {@code z + slices * t} as row-major pixels 0xRRGGBB (alpha ignored), width * height of them
     * @throws IOException if the file cannot be written or would exceed 4 GiB
     */
    public static void writeRgbStack(Path path, int width, int height, int slices, int frames, Calibration calibration,
            IntFunction<int[]> planes) throws IOException {
        Objects.requireNonNull(path, "path");
        checkedSize(width, height, 3);
        String description = ImageJMetadata.format(1, slices, frames, calibration);
        AtomicFiles.write(path, out -> TiffWriter.write(out, path, width, height, slices * frames,
                TiffWriter.Sample.RGB8, true, description, calibration, (page, buffer) -> {
                    int[] argb = planes.apply(page);
                    if (argb.length != width * height) {
                        throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height
                                + " plane");
                    }
                    System.arraycopy(argb, 0, (int[]) buffer, 0, argb.length);
                }));
    }

    /**
     * Writes an 8-bit RGB PNG, e.g. an overlay.
     *
     * @param argb row-major pixels 0xAARRGGBB; the alpha byte is ignored. Not modified, not kept.
     * @throws IllegalArgumentException if the array length is not width * height
     */
    public static void writeRgb(Path path, int[] argb, int width, int height) throws IOException {
        Objects.requireNonNull(path, "path");
        if (width <= 0 || height <= 0 || (long) width * height != argb.length) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "x" + height + " image");
        }
        AtomicFiles.write(path, out -> PngEncoder.write(out, width, height, PngEncoder.RGB, 8, PngEncoder.FILTER_UP,
                (y, row) -> {
                    for (int x = 0, i = y * width; x < width; x++, i++) {
                        row[3 * x] = (byte) (argb[i] >>> 16);
                        row[3 * x + 1] = (byte) (argb[i] >>> 8);
                        row[3 * x + 2] = (byte) argb[i];
                    }
                }));
    }

    /** Width as int, after checking that w * h * c fits in one Java array. */
    private static int checkedSize(long w, long h, long c) {
        if (w <= 0 || h <= 0 || w * h * c > ImageReader.MAX_SAMPLES) {
            throw new IllegalArgumentException("cannot write a " + w + "x" + h + " image (empty or too large)");
        }
        return (int) w;
    }
}
