package org.gmmseg.segmentation.io;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import net.imglib2.img.array.ArrayImgs;

import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.io.Rasters.PageFormat;

/**
 * Reads PNG, JPEG, TIFF, BMP and GIF files into {@link ImageData} with the JDK's {@code javax.imageio} readers.
 *
 * <p>The format is recognised from the content, not from the file name. What comes out:
 * <ul>
 * <li>8-bit and 16-bit gray, gray+alpha, RGB and RGBA as they are stored ({@code UnsignedByteType},
 * {@code UnsignedShortType});
 * <li>32-bit float TIFF as {@code FloatType}, NaN and infinities kept;
 * <li>multi-band TIFF (e.g. 3 or 5 samples per pixel that are not RGB) as {@link ChannelLayout#CHANNELS};
 * <li>multi-page TIFF as channels, slices (Z) and frames (T), as declared ({@link DeclaredAxes}) or as the first
 * page's OME-XML or ImageJ description says, else every page a slice; the samples of a page (RGB) are channels, and
 * pages that are channels make the layout {@link ChannelLayout#CHANNELS}. The calibration comes from the same
 * metadata and the resolution tags ({@code TiffTags});
 * <li>palette images (GIF, indexed PNG and TIFF, 1/2/4-bit images) expanded to 8-bit RGB or RGBA, or to GRAY or
 * GRAY_ALPHA when every palette entry is gray (so a gray-LUT TIFF or a bilevel PNG stays one channel, 0 and 255
 * for bilevel);
 * <li>packed-pixel images (16- and 32-bit BMP) as 8-bit RGB(A);
 * <li>CMYK and YCCK JPEGs converted to 8-bit RGB ({@link CmykJpeg}).
 * </ul>
 * Only the first frame of an animated GIF is read, and only the first image of a non-TIFF file. Embedded colour
 * profiles are not applied: values are as stored, as ImageJ and scikit-image give them (the JDK would otherwise
 * convert, e.g., an Adobe RGB JPEG to sRGB).
 *
 * <p>Every failure is an {@link ImageReadException} with a one-line message starting with the path as given:
 * "no such file", "is a directory, not an image file", "empty file (0 bytes)", "not an image file or unsupported
 * format", "BigTIFF is not supported (...)", "truncated or corrupt (reader's message)", "image has no pixels (0 x 0)"
 * (a width or height of 0, as the header declares it), "image too large: it declares W x H pixels x C channels, ..."
 * (checked on the header before decoding, see {@link ImageHeader}), "pages have different sizes (...)",
 * "unsupported pixel type (...)", "malformed ImageJ description: ...", "cannot use its OME-XML: ...", "--axes ...
 * does not fit N pages". A decoder warning that means lost data (a truncated JPEG, which the JDK would
 * otherwise fill with gray, or a TIFF whose page chain runs past the end of the file) is an error too.
 *
 * <p>When other ImageIO plugins are installed (as in Fiji), the JDK's own reader is preferred for a format so
 * results do not depend on the classpath. Stateless and thread-safe.
 */
public final class ImageReader {
    /** Largest number of samples one image may have: the limit of a Java array. */
    static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;

    private ImageReader() {
    }

    /**
     * Reads an image file, unless its header declares more pixels than {@link #defaultMaxPixels()}.
     *
     * @throws ImageReadException if the file cannot be read as an image; the message names the file and why
     */
    public static ImageData read(Path path) throws ImageReadException {
        return read(path, null, defaultMaxPixels());
    }

    /**
     * Reads an image file whose pages have the declared axes rather than those its metadata gives (see
     * {@link DeclaredAxes}), unless its header declares more pixels than {@link #defaultMaxPixels()}.
     *
     * @param declared the axes of the pages, or null to take them from the file
     * @throws ImageReadException if the file cannot be read as an image, or its pages do not fit the declared axes;
     *     the message names the file and why
     */
    public static ImageData read(Path path, DeclaredAxes declared) throws ImageReadException {
        return read(path, declared, defaultMaxPixels());
    }

    /**
     * Reads an image file whose header declares at most {@code maxPixels} pixels (width x height, times the slices
     * and frames of a volume or time series); a larger one is refused before anything is decoded, with its declared
     * size and channels.
     *
     * @param declared the axes of the pages, or null to take them from the file
     * @throws ImageReadException if the file cannot be read as an image, is too large, or its pages do not fit the
     *     declared axes; the message names the file and why
     */
    public static ImageData read(Path path, DeclaredAxes declared, long maxPixels) throws ImageReadException {
        Objects.requireNonNull(path, "path");
        checkFile(path);
        ImageHeader header = ImageHeader.read(path, declared);
        checkDeclared(path, header, maxPixels);
        // a channel, not path.toFile(): the file name's bytes are used as they are, whatever the locale
        try (ImageInputStream in = ChannelStreams.input(path)) {
            javax.imageio.ImageReader reader = findReader(in);
            if (reader == null) {
                throw new ImageReadException(path,
                        "not an image file or unsupported format (PNG, JPEG, TIFF, BMP and GIF can be read)");
            }
            try {
                // a TIFF's metadata says which pages are channels, slices and frames, and its calibration
                reader.setInput(in, false, !isTiff(reader));
                Warnings warnings = new Warnings();
                reader.addIIOReadWarningListener(warnings);
                return decode(path, reader, warnings, header, declared);
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IIOException e) {
            if ("Unsupported Image Type".equals(e.getMessage())) {
                // the JDK JPEG reader's words for colour spaces it cannot convert (CMYK is read as such above)
                throw new ImageReadException(path,
                        "unsupported pixel type (colour space the JDK reader cannot decode)", e);
            }
            throw corruptOrEmpty(path, e);
        } catch (IOException | RuntimeException e) {
            throw corruptOrEmpty(path, e);
        }
    }

    /**
     * The largest image {@link #read(Path)} decodes: a quarter of the heap in pixels, since a pixel
     * takes at least four bytes through reading and labelling (decoded, copied, label, label file).
     */
    public static long defaultMaxPixels() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * Refuses what a header declares when gmmseg cannot read it (BigTIFF) or it has more than
     * {@code maxPixels} pixels (width x height x slices x frames); a null header passes.
     *
     * @throws ImageReadException naming the file, its declared size and channels, and the limit
     */
    public static void checkDeclared(Path path, ImageHeader header, long maxPixels) throws ImageReadException {
        if (header == null) {
            return;
        }
        if (header.format().equals("BigTIFF")) {
            throw new ImageReadException(path, "BigTIFF is not supported (the JDK reads classic TIFF only); save it "
                    + "as a classic TIFF, e.g. with Fiji or tifffile (bigtiff=False), if it is under 4 GB");
        }
        if (header.width() > 0 && header.height() > 0 && header.pixels() > maxPixels) {
            throw new ImageReadException(path, "image too large: it declares " + header.describe() + " ("
                    + megapixels(header.pixels()) + "), more than the limit of " + megapixels(maxPixels)
                    + " (--max-pixels); not decoded");
        }
    }

    /** Pixels for messages: {@code 1600 megapixels}, or the plain count below a million. */
    public static String megapixels(long pixels) {
        return pixels >= 1_000_000 ? pixels / 1_000_000 + " megapixels" : pixels + " pixels";
    }

    private static void checkFile(Path path) throws ImageReadException {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new ImageReadException(path, "only files on the default file system can be read");
        }
        if (Files.isDirectory(path)) {
            throw new ImageReadException(path, "is a directory, not an image file");
        }
        if (!Files.exists(path)) {
            throw new ImageReadException(path, "no such file" + FileErrors.localeHint(path));
        }
        if (!Files.isRegularFile(path)) {
            throw new ImageReadException(path, "not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new ImageReadException(path, "cannot read file (permission denied)");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new ImageReadException(path, "cannot read file (" + describe(e) + ")", e);
        }
        if (size == 0) {
            throw new ImageReadException(path, "empty file (0 bytes)");
        }
    }

    /** The JDK's reader for the stream's format if there is one, else the first that claims it, else null. */
    private static javax.imageio.ImageReader findReader(ImageInputStream in) {
        Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
        javax.imageio.ImageReader chosen = null;
        while (readers.hasNext()) {
            javax.imageio.ImageReader r = readers.next();
            if (chosen == null) {
                chosen = r;
            } else if (isJdk(r) && !isJdk(chosen)) {
                chosen.dispose();
                chosen = r;
            } else {
                r.dispose();
            }
        }
        return chosen;
    }

    private static boolean isTiff(javax.imageio.ImageReader reader) throws IOException {
        return reader.getFormatName().toLowerCase(Locale.ROOT).startsWith("tif");
    }

    private static boolean isJdk(Object plugin) {
        return plugin.getClass().getName().startsWith("com.sun.imageio.");
    }

    private static ImageData decode(Path path, javax.imageio.ImageReader reader, Warnings warnings,
            ImageHeader header, DeclaredAxes declared) throws IOException {
        boolean tiff = isTiff(reader);
        int pages = tiff ? reader.getNumImages(true) : 1;
        warnings.check(path);
        if (pages < 1) {
            throw new ImageReadException(path, "contains no image");
        }
        if (tiff) {
            return readTiff(path, reader, pages, warnings, declared);
        }
        if (declared != null) {
            try {
                declared.layout(1);
            } catch (IllegalArgumentException e) {
                throw new ImageReadException(path, e.getMessage(), e);
            }
        }
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        // the declared channels, so that a refusal gives the true size before anything is decoded
        checkSize(path, w, h, header == null ? 1 : header.channels());
        boolean jpeg = reader.getFormatName().toLowerCase(Locale.ROOT).startsWith("jp");
        if (jpeg && CmykJpeg.isCmyk(reader)) {
            int transform = CmykJpeg.adobeTransform(reader);
            Raster raster = reader.readRaster(0, null);
            warnings.check(path);
            byte[] rgb = new byte[w * h * 3];
            CmykJpeg.toRgb(raster, transform, rgb);
            return wrap(rgb, w, h, 3, ChannelLayout.RGB, 8);
        }
        ImageReadParam param = reader.getDefaultReadParam();
        if (jpeg) {
            ImageTypeSpecifier asStored = embeddedProfileType(reader);
            if (asStored != null) {
                param.setDestinationType(asStored);
            }
        }
        BufferedImage img = reader.read(0, param);
        warnings.check(path);
        PageFormat format = Rasters.classify(path, img);
        checkSize(path, w, h, format.channels());
        Object data = allocate(format.bitDepth(), w * h * format.channels());
        Rasters.copy(img, format, data, 0);
        return wrap(data, w, h, format.channels(), format.layout(), format.bitDepth());
    }

    /**
     * For a JPEG with an embedded colour profile other than sRGB (e.g. Adobe RGB), the image type in that profile's
     * colour space: reading into it gives the RGB values as stored, whereas the default type makes the JDK convert
     * them to sRGB. Segmentation wants the stored values, as ImageJ, scikit-image and OpenCV return them. Null when
     * there is no such profile.
     */
    private static ImageTypeSpecifier embeddedProfileType(javax.imageio.ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext();) {
            ImageTypeSpecifier type = it.next();
            ColorSpace cs = type.getColorModel().getColorSpace();
            if (cs instanceof ICC_ColorSpace && !cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB
                    && type.getNumBands() == 3) {
                return type;
            }
        }
        return null;
    }

    /**
     * A TIFF of one or more pages: which pages are the channels, slices and frames, from the declared axes, the
     * OME-XML or the ImageJ description of the first page, or else every page a slice; the samples of a page (RGB)
     * are channels. The calibration comes from the same description and the resolution tags.
     */
    private static ImageData readTiff(Path path, javax.imageio.ImageReader reader, int pages, Warnings warnings,
            DeclaredAxes declared) throws IOException {
        TiffTags tags = TiffTags.of(reader, path);
        warnings.check(path);
        TiffTags.Axes axes;
        try {
            axes = tags.axes(declared, pages, path.getFileName() == null ? "" : path.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new ImageReadException(path, e.getMessage(), e);
        }
        PageLayout layout = axes.layout();
        int first = layout.page(0, 0, 0);
        int w = reader.getWidth(first);
        int h = reader.getHeight(first);
        for (int t = 0; t < layout.frames(); t++) {
            for (int z = 0; z < layout.slices(); z++) {
                for (int c = 0; c < layout.channels(); c++) {
                    int i = layout.page(c, z, t);
                    int wi = reader.getWidth(i);
                    int hi = reader.getHeight(i);
                    if (wi != w || hi != h) {
                        throw new ImageReadException(path, "pages have different sizes (page " + (i + 1) + " is " + wi
                                + "x" + hi + ", page " + (first + 1) + " is " + w + "x" + h
                                + "); only stacks of equal pages can be read");
                    }
                }
            }
        }
        long planes = layout.planes();
        checkSize(path, w, h, planes);
        int plane = w * h;
        Object data = null;
        PageFormat format = null;
        int channels = 0;
        for (int t = 0; t < layout.frames(); t++) {
            for (int z = 0; z < layout.slices(); z++) {
                for (int c = 0; c < layout.channels(); c++) {
                    int i = layout.page(c, z, t);
                    BufferedImage img = reader.read(i);
                    warnings.check(path);
                    PageFormat f = Rasters.classify(path, img);
                    if (format == null) {
                        format = f;
                        if (layout.channels() > 1 && f.channels() > 1) {
                            throw new ImageReadException(path, "unsupported pixel type (pages of " + f.channels()
                                    + " samples (" + f.layout() + ") and " + layout.channels() + " channels of pages; "
                                    + "the samples of a page are its channels)");
                        }
                        if (axes.samplesPerPixel() > 0 && axes.samplesPerPixel() != f.channels()) {
                            throw new ImageReadException(path, "cannot use its OME-XML: its channels have "
                                    + axes.samplesPerPixel() + " samples per pixel but the pages have " + f.channels());
                        }
                        channels = layout.channels() * f.channels();
                        checkSize(path, w, h, planes * f.channels());
                        data = allocate(f.bitDepth(), (int) ((long) plane * channels * layout.slices() * layout.frames()));
                    } else if (f.channels() != format.channels() || f.bitDepth() != format.bitDepth()) {
                        throw new ImageReadException(path, "unsupported pixel type (pages differ: page " + (i + 1)
                                + " is " + f.channels() + " x " + f.bitDepth() + "-bit, page " + (first + 1) + " is "
                                + format.channels() + " x " + format.bitDepth() + "-bit)");
                    }
                    int channel = c * f.channels();
                    Rasters.copy(img, f, data, plane * (channel + channels * (z + layout.slices() * t)));
                }
            }
        }
        ChannelLayout channelLayout = layout.channels() > 1 ? ChannelLayout.CHANNELS : format.layout();
        ImageAxes imageAxes = ImageAxes.of(ImageData.order(layout.slices() > 1, layout.frames() > 1), axes.calibration());
        long[] dims = new long[imageAxes.numDimensions()];
        dims[0] = w;
        dims[1] = h;
        dims[2] = channels;
        int d = 3;
        if (layout.slices() > 1) {
            dims[d++] = layout.slices();
        }
        if (layout.frames() > 1) {
            dims[d] = layout.frames();
        }
        return wrap(data, dims, imageAxes, channelLayout, format.bitDepth());
    }

    private static void checkSize(Path path, int w, int h, long channels) throws ImageReadException {
        if (w <= 0 || h <= 0) {
            throw new ImageReadException(path, noPixels(w, h));
        }
        if ((long) w * h * channels > MAX_SAMPLES) {
            throw new ImageReadException(path, "image too large (" + w + " x " + h + " pixels x " + channels
                    + " channel" + (channels == 1 ? "" : "s") + "; at most " + MAX_SAMPLES + " samples fit in one array)");
        }
    }

    private static Object allocate(int bitDepth, int length) {
        return switch (bitDepth) {
            case 8 -> new byte[length];
            case 16 -> new short[length];
            default -> new float[length];
        };
    }

    private static ImageData wrap(Object data, int w, int h, int c, ChannelLayout layout, int bitDepth) {
        return wrap(data, new long[] {w, h, c}, ImageAxes.of("xyc"), layout, bitDepth);
    }

    private static ImageData wrap(Object data, long[] dims, ImageAxes axes, ChannelLayout layout, int bitDepth) {
        return switch (bitDepth) {
            case 8 -> new ImageData(ArrayImgs.unsignedBytes((byte[]) data, dims), axes, layout, 8);
            case 16 -> new ImageData(ArrayImgs.unsignedShorts((short[]) data, dims), axes, layout, 16);
            default -> new ImageData(ArrayImgs.floats((float[]) data, dims), axes, layout, 32);
        };
    }

    /**
     * The failure of a reader: "image has no pixels" when the header declares a zero width or height
     * (the JDK's PNG reader refuses such a header, its TIFF reader may find the empty strips out of
     * the stream), else "truncated or corrupt".
     */
    private static ImageReadException corruptOrEmpty(Path path, Throwable e) {
        ImageHeader header = ImageHeader.read(path);
        if (header != null && (header.width() == 0 || header.height() == 0)) {
            return new ImageReadException(path, noPixels(header.width(), header.height()), e);
        }
        return corrupt(path, e);
    }

    private static String noPixels(long w, long h) {
        return "image has no pixels (" + w + " x " + h + ")";
    }

    private static ImageReadException corrupt(Path path, Throwable e) {
        return new ImageReadException(path, "truncated or corrupt (" + describe(e) + ")", e);
    }

    /** The messages of an exception and its causes on one line, without repeats. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 5; t = t.getCause(), depth++) {
            String m = t.getMessage();
            String part;
            if (m == null || m.isBlank()) {
                part = t.getClass().getSimpleName();
            } else if (t instanceof FileSystemException fse && fse.getReason() == null) {
                part = t.getClass().getSimpleName() + ": " + m; // the message is only the file name
            } else if (t instanceof IOException) {
                part = m;
            } else {
                part = t.getClass().getSimpleName() + ": " + m;
            }
            if (sb.indexOf(part) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(part);
            }
        }
        return ImageReadException.oneLine(sb.toString());
    }

    /**
     * Collects decoder warnings. Those that mean pixels were lost are turned into errors; others (e.g. "Corrupt
     * JPEG data: 1 extraneous bytes before marker", "Compression field is missing") are harmless and ignored.
     */
    private static final class Warnings implements IIOReadWarningListener {
        private final List<String> lost = new ArrayList<>();

        @Override
        public void warningOccurred(javax.imageio.ImageReader source, String warning) {
            if (warning != null && meansDataLoss(warning)) {
                lost.add(warning);
            }
        }

        void check(Path path) throws ImageReadException {
            if (!lost.isEmpty()) {
                throw new ImageReadException(path, "truncated or corrupt (" + lost.get(0) + ")");
            }
        }

        static boolean meansDataLoss(String warning) {
            String w = warning.toLowerCase(Locale.ROOT);
            return w.contains("truncated") || w.contains("premature end") || w.contains("eofexception")
                    || w.contains("corrupt") && !w.contains("extraneous bytes");
        }
    }
}
