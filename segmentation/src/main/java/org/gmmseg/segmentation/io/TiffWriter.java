package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.stream.ImageOutputStream;

import org.gmmseg.segmentation.axes.Calibration;

/**
 * Writes baseline TIFF files of equal pages, one strip per page, streamed page by page: the header,
 * every page's data in page order, then the description and the image file directories. Without
 * compression the pages' data are contiguous, which is what ImageJ 1.x needs to read a stack from
 * its first directory; with Deflate (compression 8) each page is one zlib stream, which ImageJ reads
 * directory by directory. The first directory carries the description (e.g. ImageJ's hyperstack
 * keys) and every directory the resolution tags of the calibration.
 *
 * <p>A classic TIFF addresses at most 4 GiB; a file that would be larger is refused with an
 * {@link IOException} naming it, before or while its pages are written. Stateless.
 */
final class TiffWriter {
    /** Offsets are unsigned 32-bit. */
    static final long MAX_BYTES = 0xFFFF_FFFFL;

    private TiffWriter() {
    }

    /** The sample layout of the pages. */
    enum Sample {
        /** 8-bit gray; the buffer is a byte[] of width * height. */
        GRAY8(1, 1, 1),
        /** 16-bit unsigned gray; a short[] of width * height. */
        GRAY16(2, 1, 1),
        /** 32-bit float gray; a float[] of width * height. */
        FLOAT32(4, 1, 3),
        /** 8-bit RGB, interleaved; an int[] of width * height pixels 0xRRGGBB (the top byte is ignored). */
        RGB8(1, 3, 1);

        final int bytes;
        final int samples;
        final int format;

        Sample(int bytes, int samples, int format) {
            this.bytes = bytes;
            this.samples = samples;
            this.format = format;
        }

        /** A buffer for one page. */
        Object buffer(int pixels) {
            return switch (this) {
                case GRAY8 -> new byte[pixels];
                case GRAY16 -> new short[pixels];
                case FLOAT32 -> new float[pixels];
                case RGB8 -> new int[pixels];
            };
        }
    }

    /** Fills page {@code index} (0-based) into the buffer of {@link Sample#buffer}. */
    @FunctionalInterface
    interface Pages {
        void fill(int index, Object buffer);
    }

    /**
     * Writes the file.
     *
     * @param path for messages only
     * @param description the first page's ImageDescription (written as UTF-8), or null
     * @param calibration written as XResolution and YResolution (pixels per unit) and ResolutionUnit when physical
     * @throws IOException when the file would exceed 4 GiB, or cannot be written
     */
    static void write(ImageOutputStream out, Path path, int width, int height, int pages, Sample sample,
            boolean deflate, String description, Calibration calibration, Pages source) throws IOException {
        long pageBytes = (long) width * height * sample.bytes * sample.samples;
        long ifdBytes = (long) pages * ifdSize(15) + 1024 + (description == null ? 0 : description.length());
        if (!deflate && 8 + pageBytes * pages + ifdBytes > MAX_BYTES) {
            throw tooLarge(path, width, height, pages, sample);
        }
        out.setByteOrder(ByteOrder.BIG_ENDIAN);
        out.writeBytes("MM");
        out.writeShort(42);
        out.writeInt(0); // the first directory's offset, written last
        long[] offsets = new long[pages];
        long[] counts = new long[pages];
        Object buffer = sample.buffer(width * height);
        byte[] bytes = new byte[(int) pageBytes];
        Deflater deflater = deflate ? new Deflater(Deflater.DEFAULT_COMPRESSION) : null;
        try {
            for (int p = 0; p < pages; p++) {
                source.fill(p, buffer);
                toBytes(sample, buffer, bytes);
                offsets[p] = out.getStreamPosition();
                if (deflater == null) {
                    out.write(bytes);
                } else {
                    deflater.reset();
                    DeflaterOutputStream z = new DeflaterOutputStream(new Unclosed(out), deflater, 1 << 16);
                    z.write(bytes);
                    z.finish();
                }
                counts[p] = out.getStreamPosition() - offsets[p];
                if (out.getStreamPosition() + ifdBytes > MAX_BYTES) {
                    throw tooLarge(path, width, height, pages, sample);
                }
            }
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
        pad(out);
        long descriptionOffset = 0;
        long descriptionLength = 0;
        if (description != null) {
            // UTF-8 as OME-XML is written; ImageJ's keys are ASCII, with other characters escaped
            byte[] text = (description + "\0").getBytes(StandardCharsets.UTF_8);
            descriptionOffset = out.getStreamPosition();
            descriptionLength = text.length;
            out.write(text);
            pad(out);
        }
        boolean resolution = calibration.physical();
        long resolutionOffset = out.getStreamPosition();
        if (resolution) {
            writeResolution(out, calibration.pixelWidth());
            writeResolution(out, calibration.pixelHeight());
        }
        long bitsOffset = out.getStreamPosition();
        if (sample.samples > 2) {
            for (int s = 0; s < sample.samples; s++) {
                out.writeShort(8 * sample.bytes);
            }
            pad(out);
        }
        for (int p = 0; p < pages; p++) {
            long start = out.getStreamPosition();
            if (p == 0) {
                long here = out.getStreamPosition();
                out.seek(4);
                out.writeInt((int) start);
                out.seek(here);
            }
            int entries = 11 + (p == 0 && description != null ? 1 : 0) + (resolution ? 3 : 0)
                    + (sample.format != 1 ? 1 : 0);
            long next = p + 1 < pages ? start + ifdSize(entries) : 0;
            if (next > MAX_BYTES) {
                throw tooLarge(path, width, height, pages, sample);
            }
            out.writeShort(entries);
            entry(out, 254, LONG, 1, 0); // NewSubfileType: a full image
            entry(out, 256, LONG, 1, width);
            entry(out, 257, LONG, 1, height);
            if (sample.samples > 2) {
                entry(out, 258, SHORT, sample.samples, bitsOffset);
            } else {
                shortEntry(out, 258, 8 * sample.bytes);
            }
            shortEntry(out, 259, deflate ? 8 : 1);
            shortEntry(out, 262, sample.samples == 3 ? 2 : 1); // RGB, or BlackIsZero
            if (p == 0 && description != null) {
                entry(out, 270, ASCII, descriptionLength, descriptionOffset);
            }
            entry(out, 273, LONG, 1, offsets[p]);
            shortEntry(out, 277, sample.samples);
            entry(out, 278, LONG, 1, height);
            entry(out, 279, LONG, 1, counts[p]);
            if (resolution) {
                entry(out, 282, RATIONAL, 1, resolutionOffset);
                entry(out, 283, RATIONAL, 1, resolutionOffset + 8);
            }
            shortEntry(out, 284, 1); // chunky
            if (resolution) {
                shortEntry(out, 296, resolutionUnit(calibration.unit()));
            }
            if (sample.format != 1) {
                shortEntry(out, 339, sample.format);
            }
            out.writeInt((int) next);
        }
    }

    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int ASCII = 2;
    private static final int RATIONAL = 5;

    private static long ifdSize(int entries) {
        return 2 + 12L * entries + 4;
    }

    /** An entry whose value (or offset to it) is a 32-bit word. */
    private static void entry(ImageOutputStream out, int tag, int type, long count, long value) throws IOException {
        out.writeShort(tag);
        out.writeShort(type);
        out.writeInt((int) count);
        out.writeInt((int) value);
    }

    /** An entry of one SHORT, left-justified in its word. */
    private static void shortEntry(ImageOutputStream out, int tag, int value) throws IOException {
        out.writeShort(tag);
        out.writeShort(SHORT);
        out.writeInt(1);
        out.writeShort(value);
        out.writeShort(0);
    }

    /** 1 (none) for units TIFF has no code for, as ImageJ writes them: the ImageJ description names the unit. */
    private static int resolutionUnit(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "inch", "in" -> 2;
            case "cm" -> 3;
            default -> 1;
        };
    }

    /**
     * The resolution of samples {@code size} units wide, 1 / size, as a TIFF rational: a power of ten over the size
     * times that power, rounded, so that the size itself comes back with nine significant digits (0.3 is stored as
     * 1000000000 / 300000000, not as 3333333 / 1000000).
     */
    private static void writeResolution(ImageOutputStream out, double size) throws IOException {
        long numerator = 1_000_000_000L;
        while (numerator > 1 && Math.round(size * numerator) > MAX_BYTES) {
            numerator /= 10;
        }
        long denominator = Math.round(size * numerator);
        if (denominator > MAX_BYTES) { // a sample over 4e9 units wide
            denominator = MAX_BYTES;
        } else if (denominator < 1) { // a sample under a nano-unit wide
            numerator = MAX_BYTES;
            denominator = Math.max(1, Math.round(size * numerator));
        }
        out.writeInt((int) numerator);
        out.writeInt((int) denominator);
    }

    private static void pad(ImageOutputStream out) throws IOException {
        if ((out.getStreamPosition() & 1) != 0) {
            out.write(0);
        }
    }

    /** The page's samples as big-endian bytes. */
    private static void toBytes(Sample sample, Object buffer, byte[] bytes) {
        switch (sample) {
            case GRAY8 -> System.arraycopy(buffer, 0, bytes, 0, bytes.length);
            case GRAY16 -> {
                short[] s = (short[]) buffer;
                for (int i = 0; i < s.length; i++) {
                    bytes[2 * i] = (byte) (s[i] >>> 8);
                    bytes[2 * i + 1] = (byte) s[i];
                }
            }
            case FLOAT32 -> {
                float[] f = (float[]) buffer;
                for (int i = 0; i < f.length; i++) {
                    int v = Float.floatToRawIntBits(f[i]);
                    bytes[4 * i] = (byte) (v >>> 24);
                    bytes[4 * i + 1] = (byte) (v >>> 16);
                    bytes[4 * i + 2] = (byte) (v >>> 8);
                    bytes[4 * i + 3] = (byte) v;
                }
            }
            case RGB8 -> {
                int[] rgb = (int[]) buffer;
                for (int i = 0; i < rgb.length; i++) {
                    bytes[3 * i] = (byte) (rgb[i] >>> 16);
                    bytes[3 * i + 1] = (byte) (rgb[i] >>> 8);
                    bytes[3 * i + 2] = (byte) rgb[i];
                }
            }
        }
    }

    private static IOException tooLarge(Path path, int w, int h, int pages, Sample sample) {
        String what = switch (sample) {
            case GRAY8 -> "8-bit";
            case GRAY16 -> "16-bit";
            case FLOAT32 -> "32-bit float";
            case RGB8 -> "RGB";
        };
        return new IOException(path + ": " + pages + " page" + (pages == 1 ? "" : "s") + " of " + w + "x" + h + " "
                + what + " samples (" + (long) w * h * sample.bytes * sample.samples * pages
                + " bytes before compression) exceed the 4 GiB a TIFF file can hold");
    }

    /** The stream, for a DeflaterOutputStream that must not close it. */
    private static final class Unclosed extends OutputStream {
        private final ImageOutputStream out;

        Unclosed(ImageOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
