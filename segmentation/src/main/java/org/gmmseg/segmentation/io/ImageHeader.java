package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * What an image file's header declares, read from a few of its bytes without decoding: the size,
 * the channels and bit depth the image will have once read, and the pages of a TIFF with what they
 * are (channels, slices, frames: from {@code --axes}, the OME-XML or ImageJ description of the first
 * page as {@link ImageReader} takes them, else every page a slice). For PNG (IHDR), JPEG (the frame
 * header), classic TIFF (every IFD), BigTIFF (recognised only), GIF (logical screen) and BMP (info
 * header). It says how large an image is before anything is decoded, so that a file declaring
 * 100000 x 100000 pixels, or a volume of 10000 slices, can be refused at once, and tells a
 * zero-sized image from a corrupt one when a reader refuses the header.
 *
 * <p>The header may lie (a corrupt or hostile file); its numbers are what the file claims, which
 * is what a reader would try to allocate. Immutable; {@link #read} is thread-safe.
 *
 * @param format "PNG", "JPEG", "TIFF", "BigTIFF", "GIF" or "BMP"
 * @param width the declared width in pixels
 * @param height the declared height in pixels
 * @param channels the channels of the image as gmmseg reads it: those of a page (palette images
 *     expanded to RGB, CMYK converted to RGB, alpha included) times the pages that are channels
 * @param bitDepth bits per sample as read: 8, 16 or 32
 * @param pages the pages (images) of a TIFF; 1 for other formats
 * @param slices the slices (Z) the pages make; 1 for a 2-D image
 * @param frames the frames (T) the pages make; 1 for a 2-D image
 */
public record ImageHeader(String format, long width, long height, int channels, int bitDepth, int pages, int slices,
        int frames) {
    private static final int MAX_IFD_ENTRIES = 4096;
    /** Pages counted at most; a longer (or looping) IFD chain counts as this many. */
    static final int MAX_PAGES = 1 << 16;
    /** Bytes of markers a JPEG may have before its frame header (EXIF, ICC profiles, thumbnails). */
    private static final long MAX_JPEG_SEARCH = 16L << 20;

    /** A header whose pages, if several, are slices (a TIFF without axes metadata). */
    public ImageHeader(String format, long width, long height, int channels, int bitDepth, int pages) {
        this(format, width, height, channels, bitDepth, pages, pages, 1);
    }

    /**
     * Pixels (voxels) of the whole image, width x height x slices x frames, each with {@link #channels}
     * samples (at most {@code Long.MAX_VALUE}).
     */
    public long pixels() {
        return saturatedProduct(saturatedProduct(width, height), (long) slices * frames);
    }

    /** Pixels of one plane, width x height. */
    public long planePixels() {
        return saturatedProduct(width, height);
    }

    /** Samples of the whole image as read: pixels x channels. */
    public long samples() {
        return saturatedProduct(pixels(), channels);
    }

    /** Bytes of the decoded samples. */
    public long bytes() {
        return saturatedProduct(samples(), bitDepth / 8);
    }

    /** For messages: {@code 40000 x 40000 pixels x 3 channels, 8-bit} (and the slices and frames of a stack). */
    public String describe() {
        return width + " x " + height + " pixels x " + channels + " channel" + (channels == 1 ? "" : "s")
                + (slices > 1 ? " x " + slices + " slices" : "") + (frames > 1 ? " x " + frames + " frames" : "")
                + ", " + (bitDepth == 32 ? "32-bit float" : bitDepth + "-bit");
    }

    static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /**
     * The header of an image file, or null when the file is none of these formats or its header
     * cannot be read. Never throws.
     */
    public static ImageHeader read(Path path) {
        return read(path, null);
    }

    /**
     * The header of an image file whose pages have the declared axes, or null as {@link #read(Path)}.
     * Never throws: pages that do not fit the axes or the file's metadata count as slices (reading
     * the image then says what is wrong).
     *
     * @param declared the axes of the pages ({@code --axes}), or null to take them from the file
     */
    public static ImageHeader read(Path path, DeclaredAxes declared) {
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(30);
            while (head.hasRemaining() && channel.read(head) > 0) {
                // a short file is read as far as it goes
            }
            int length = head.position();
            if (length < 8) {
                return null;
            }
            if (length >= 26 && png(head)) {
                return pngHeader(head.order(ByteOrder.BIG_ENDIAN));
            }
            if ((head.get(0) & 0xff) == 0xff && (head.get(1) & 0xff) == 0xd8) {
                return jpeg(channel);
            }
            if (length >= 10 && head.get(0) == 'G' && head.get(1) == 'I' && head.get(2) == 'F') {
                head.order(ByteOrder.LITTLE_ENDIAN);
                return new ImageHeader("GIF", Short.toUnsignedInt(head.getShort(6)), Short.toUnsignedInt(head.getShort(8)),
                        3, 8, 1);
            }
            if (length >= 30 && head.get(0) == 'B' && head.get(1) == 'M') {
                return bmp(head.order(ByteOrder.LITTLE_ENDIAN));
            }
            return tiff(channel, head, declared, path.getFileName() == null ? "" : path.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean png(ByteBuffer head) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < signature.length; i++) {
            if (head.get(i) != signature[i]) {
                return false;
            }
        }
        return head.get(12) == 'I' && head.get(13) == 'H' && head.get(14) == 'D' && head.get(15) == 'R';
    }

    private static ImageHeader pngHeader(ByteBuffer head) {
        int bitDepth = head.get(24) & 0xff;
        int channels = switch (head.get(25)) {
            case 0 -> 1; // gray
            case 4 -> 2; // gray + alpha
            case 6 -> 4; // RGBA
            default -> 3; // RGB, or a palette expanded to RGB
        };
        return new ImageHeader("PNG", Integer.toUnsignedLong(head.getInt(16)), Integer.toUnsignedLong(head.getInt(20)),
                channels, bitDepth > 8 ? 16 : 8, 1);
    }

    /** The frame header (SOF0..SOF15 but DHT, JPG and DAC), found by skipping the segments before it. */
    private static ImageHeader jpeg(SeekableByteChannel channel) throws IOException {
        long at = 2;
        while (at < MAX_JPEG_SEARCH) {
            ByteBuffer marker = read(channel, at, 4);
            if (marker == null || (marker.get(0) & 0xff) != 0xff) {
                return null;
            }
            int code = marker.get(1) & 0xff;
            if (code == 0xff) {
                at++; // fill byte
                continue;
            }
            if (code == 0x01 || code >= 0xd0 && code <= 0xd8) {
                at += 2; // markers without a segment
                continue;
            }
            int length = Short.toUnsignedInt(marker.order(ByteOrder.BIG_ENDIAN).getShort(2));
            if (code >= 0xc0 && code <= 0xcf && code != 0xc4 && code != 0xc8 && code != 0xcc) {
                ByteBuffer frame = read(channel, at + 4, 6);
                if (frame == null) {
                    return null;
                }
                frame.order(ByteOrder.BIG_ENDIAN);
                int components = frame.get(5) & 0xff;
                // four components (CMYK, YCCK) are converted to RGB
                return new ImageHeader("JPEG", Short.toUnsignedInt(frame.getShort(3)), Short.toUnsignedInt(frame.getShort(1)),
                        components == 4 ? 3 : components, (frame.get(0) & 0xff) > 8 ? 16 : 8, 1);
            }
            if (code == 0xd9 || code == 0xda || length < 2) {
                return null; // end of image or scan before any frame header
            }
            at += 2 + length;
        }
        return null;
    }

    private static ImageHeader bmp(ByteBuffer head) {
        int headerSize = head.getInt(14);
        if (headerSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
            return new ImageHeader("BMP", Short.toUnsignedInt(head.getShort(18)), Short.toUnsignedInt(head.getShort(20)),
                    3, 8, 1);
        }
        int bitsPerPixel = Short.toUnsignedInt(head.getShort(28));
        // a negative height means rows stored top-down
        return new ImageHeader("BMP", head.getInt(18), Math.abs((long) head.getInt(22)), bitsPerPixel == 32 ? 4 : 3, 8, 1);
    }

    private static ImageHeader tiff(SeekableByteChannel channel, ByteBuffer head, DeclaredAxes declared,
            String fileName) throws IOException {
        ByteOrder order = TiffDescription.byteOrder(head);
        if (order == null) {
            return null;
        }
        if (head.getShort(2) == 43) {
            return new ImageHeader("BigTIFF", 0, 0, 0, 8, 1);
        }
        if (head.getShort(2) != 42) {
            return null;
        }
        long ifd = Integer.toUnsignedLong(head.getInt(4));
        long[] first = null;
        String description = null;
        int pages = 0;
        Set<Long> seen = new HashSet<>();
        while (ifd != 0 && pages < MAX_PAGES && seen.add(ifd)) {
            ByteBuffer count = read(channel, ifd, 2);
            if (count == null) {
                break;
            }
            int entries = Short.toUnsignedInt(count.order(order).getShort(0));
            if (entries == 0 || entries > MAX_IFD_ENTRIES) {
                break;
            }
            if (first == null) {
                ByteBuffer table = read(channel, ifd + 2, entries * 12);
                if (table == null) {
                    return null;
                }
                first = firstPage(channel, table.order(order), entries);
                if (first == null) {
                    return null;
                }
                description = TiffDescription.of(channel, table, entries);
            }
            pages++;
            ByteBuffer next = read(channel, ifd + 2 + entries * 12L, 4);
            ifd = next == null ? 0 : Integer.toUnsignedLong(next.order(order).getInt(0));
        }
        if (first == null) {
            return null;
        }
        pages = Math.max(1, pages);
        int channels = (int) first[2];
        PageLayout layout = TiffTags.pageLayout(description, (int) first[4], declared, pages, fileName);
        return new ImageHeader("TIFF", first[0], first[1], (int) Math.min(Integer.MAX_VALUE, (long) channels
                * layout.channels()), (int) first[3], pages, layout.slices(), layout.frames());
    }

    /** Width, height, channels, bit depth and samples per pixel from the first IFD's entries, or null without a size. */
    private static long[] firstPage(SeekableByteChannel channel, ByteBuffer table, int entries) throws IOException {
        long width = -1;
        long height = -1;
        long samplesPerPixel = 1;
        long bits = 8;
        long sampleFormat = 1;
        long photometric = 1;
        for (int i = 0; i < entries; i++) {
            int at = i * 12;
            int tag = Short.toUnsignedInt(table.getShort(at));
            long value = value(channel, table, at);
            switch (tag) {
                case 256 -> width = value;
                case 257 -> height = value;
                case 258 -> bits = value;
                case 262 -> photometric = value;
                case 277 -> samplesPerPixel = value;
                case 339 -> sampleFormat = value;
                default -> {
                    // not needed
                }
            }
        }
        if (width < 0 || height < 0) {
            return null;
        }
        long channels = photometric == 3 ? 3 : samplesPerPixel; // a palette is expanded to RGB
        long bitDepth = sampleFormat == 3 || bits > 16 ? 32 : bits > 8 ? 16 : 8;
        return new long[] {width, height, Math.max(1, Math.min(channels, Integer.MAX_VALUE)), bitDepth,
            Math.max(1, Math.min(samplesPerPixel, Integer.MAX_VALUE))};
    }

    /** The first value of an IFD entry of type BYTE, SHORT or LONG (the others count as -1). */
    private static long value(SeekableByteChannel channel, ByteBuffer table, int at) throws IOException {
        int type = Short.toUnsignedInt(table.getShort(at + 2));
        long count = Integer.toUnsignedLong(table.getInt(at + 4));
        int size = switch (type) {
            case 1 -> 1;
            case 3 -> 2;
            case 4 -> 4;
            default -> 0;
        };
        if (size == 0 || count == 0) {
            return -1;
        }
        ByteBuffer field = table;
        int offset = at + 8;
        if (size * count > 4) { // the values are elsewhere; the first is at the offset
            field = read(channel, Integer.toUnsignedLong(table.getInt(at + 8)), size);
            if (field == null) {
                return -1;
            }
            field.order(table.order());
            offset = 0;
        }
        return switch (size) {
            case 1 -> field.get(offset) & 0xff;
            case 2 -> Short.toUnsignedInt(field.getShort(offset));
            default -> Integer.toUnsignedLong(field.getInt(offset));
        };
    }

    /** {@code length} bytes at {@code position}, or null when the file ends before. */
    private static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
        return TiffDescription.read(channel, position, length);
    }
}
