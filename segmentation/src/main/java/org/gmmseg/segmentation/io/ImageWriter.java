package org.gmmseg.segmentation.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Writes label maps, probability maps and RGB overlays: PNG with {@link PngEncoder}, TIFF with the JDK's
 * {@code javax.imageio} writer. Every write is
 * atomic (temporary file in the same folder, then rename; see {@link AtomicFiles}), and missing parent folders are
 * created. Stateless and thread-safe.
 *
 * <ul>
 * <li>{@link #writeLabels}: 8-bit gray when {@code maxLabel <= 255}, else 16-bit gray; PNG, or a single-page TIFF
 * compressed with Deflate (compression 8, which ImageJ/Fiji, tifffile, PIL and libtiff read);
 * <li>{@link #writeProbabilities}: a multi-page 32-bit float TIFF (SampleFormat 3, IEEE float), one uncompressed
 * page per component, which Fiji opens as a stack and tifffile as a (K, H, W) float32 array;
 * <li>{@link #writeRgb}: an 8-bit RGB PNG.
 * </ul>
 * The JDK's own TIFF writer is used even when other ImageIO plugins are installed (as in Fiji).
 */
public final class ImageWriter {
    /** The largest label a 16-bit mask can hold. */
    public static final int MAX_LABEL = 65535;
    /** Classic TIFF addresses at most 4 GiB; leave room for the directories. */
    private static final long MAX_TIFF_BYTES = (1L << 32) - (1L << 20);
    /** Label maps are mostly runs of one value, which deflate packs well as they are. */
    private static final int LABEL_FILTER = PngEncoder.FILTER_NONE;

    private ImageWriter() {
    }

    /**
     * Writes a label map.
     *
     * @param labels 2D, X then Y; every value in 0..maxLabel
     * @param maxLabel the largest label that may occur: up to 255 gives an 8-bit file, up to 65535 a 16-bit one
     * @throws IllegalArgumentException if labels is not 2D or too large, maxLabel is outside 0..65535, or a value is
     *     outside 0..maxLabel (the message gives the first such pixel); nothing is written then
     * @throws IOException if the file cannot be written
     */
    public static void writeLabels(Path path, RandomAccessibleInterval<? extends IntegerType<?>> labels,
            MaskFormat format, int maxLabel) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        if (maxLabel < 0 || maxLabel > MAX_LABEL) {
            throw new IllegalArgumentException("maxLabel " + maxLabel + " is outside 0.." + MAX_LABEL
                    + " (16-bit masks hold labels up to " + MAX_LABEL + ")");
        }
        if (labels.numDimensions() != 2) {
            throw new IllegalArgumentException("labels need 2 dimensions (X, Y), got " + labels.numDimensions());
        }
        int w = checkedSize(labels.dimension(0), labels.dimension(1), 1);
        int h = (int) labels.dimension(1);
        boolean eightBit = maxLabel <= 255;
        BufferedImage img = new BufferedImage(w, h, eightBit ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        DataBuffer db = img.getRaster().getDataBuffer();
        byte[] bytes = eightBit ? ((DataBufferByte) db).getData() : null;
        short[] shorts = eightBit ? null : ((DataBufferUShort) db).getData();
        Cursor<? extends IntegerType<?>> cursor = Views.flatIterable(labels).cursor();
        for (int i = 0; cursor.hasNext(); i++) {
            long v = cursor.next().getIntegerLong();
            if (v < 0 || v > maxLabel) {
                throw new IllegalArgumentException("label " + v + " at (" + (labels.min(0) + i % w) + ", "
                        + (labels.min(1) + i / w) + ") is outside 0.." + maxLabel);
            }
            if (eightBit) {
                bytes[i] = (byte) v;
            } else {
                shorts[i] = (short) v;
            }
        }
        if (format == MaskFormat.PNG && eightBit) {
            AtomicFiles.write(path, out -> PngEncoder.write(out, w, h, PngEncoder.GRAY, 8, LABEL_FILTER,
                    (y, row) -> System.arraycopy(bytes, y * w, row, 0, w)));
        } else if (format == MaskFormat.PNG) {
            AtomicFiles.write(path, out -> PngEncoder.write(out, w, h, PngEncoder.GRAY, 16, LABEL_FILTER, (y, row) -> {
                for (int x = 0, i = y * w; x < w; x++, i++) {
                    row[2 * x] = (byte) (shorts[i] >>> 8);
                    row[2 * x + 1] = (byte) shorts[i];
                }
            }));
        } else {
            write(path, "tiff", img, "ZLib");
        }
    }

    /**
     * Writes per-pixel component probabilities (or any real values) as a 32-bit float TIFF with one page per
     * component.
     *
     * @param xyk X, Y, K (component); values are converted to float
     * @throws IllegalArgumentException if xyk is not 3D or a page is too large
     * @throws IOException if the file cannot be written, or would exceed the 4 GiB of a classic TIFF
     */
    public static void writeProbabilities(Path path, RandomAccessibleInterval<? extends RealType<?>> xyk)
            throws IOException {
        Objects.requireNonNull(path, "path");
        if (xyk.numDimensions() != 3) {
            throw new IllegalArgumentException("probabilities need 3 dimensions (X, Y, K), got " + xyk.numDimensions());
        }
        int w = checkedSize(xyk.dimension(0), xyk.dimension(1), 1);
        int h = (int) xyk.dimension(1);
        long pages = xyk.dimension(2);
        long bytes = 4L * w * h * pages;
        if (bytes > MAX_TIFF_BYTES) {
            throw new IOException(path + ": " + pages + " pages of " + w + "x" + h + " floats (" + bytes
                    + " bytes) exceed the 4 GiB a TIFF can hold");
        }
        float[] page = new float[w * h];
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_FLOAT, w, h, 1, w, new int[] {0}),
                new DataBufferFloat(page, page.length), null);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        AtomicFiles.write(path, out -> {
            javax.imageio.ImageWriter writer = jdkWriter(path, "tiff");
            try {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (long k = 0; k < pages; k++) {
                    int i = 0;
                    for (RealType<?> t : Views.flatIterable(Views.hyperSlice(xyk, 2, xyk.min(2) + k))) {
                        page[i++] = t.getRealFloat();
                    }
                    writer.writeToSequence(new IIOImage(img, null, null), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
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

    /** Writes one image; {@code compression} is an ImageIO compression type name, or null for the default. */
    private static void write(Path path, String format, BufferedImage img, String compression) throws IOException {
        AtomicFiles.write(path, out -> {
            javax.imageio.ImageWriter writer = jdkWriter(path, format);
            try {
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (compression != null) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionType(compression);
                }
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }

    /** The JDK's writer for a format, else the first one registered. */
    private static javax.imageio.ImageWriter jdkWriter(Path path, String format) throws IOException {
        javax.imageio.ImageWriter chosen = null;
        for (Iterator<javax.imageio.ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext();) {
            javax.imageio.ImageWriter w = it.next();
            if (chosen == null || w.getClass().getName().startsWith("com.sun.imageio.")
                    && !chosen.getClass().getName().startsWith("com.sun.imageio.")) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = w;
            } else {
                w.dispose();
            }
        }
        if (chosen == null) {
            throw new IOException(path + ": no ImageIO writer for " + format);
        }
        return chosen;
    }

    /** Width as int, after checking that w * h * c fits in one Java array. */
    private static int checkedSize(long w, long h, long c) {
        if (w <= 0 || h <= 0 || w * h * c > ImageReader.MAX_SAMPLES) {
            throw new IllegalArgumentException("cannot write a " + w + "x" + h + " image (empty or too large)");
        }
        return (int) w;
    }
}
