package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes the PNG files gmmseg writes (ISO/IEC 15948): 8- and 16-bit gray and 8-bit RGB, not interlaced, without
 * ancillary chunks, so just IHDR, IDAT and IEND. Deflate is the JDK's zlib.
 *
 * <p>Why not ImageIO's PNG writer: it tries all five row filters on every row in Java, and that one method took
 * about 0.37 s of JIT compile time in a run over 30 photos, where every image is written once; this encoder's loops
 * are small. The output is an ordinary PNG that ImageJ/Fiji, PIL, imageio and libpng read.
 */
final class PngEncoder {
    /** PNG colour types. */
    static final int GRAY = 0;
    static final int RGB = 2;

    /** Filter type 0 (None) leaves a row as it is, 2 (Up) subtracts the row above, byte by byte. */
    static final int FILTER_NONE = 0;
    static final int FILTER_UP = 2;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** zlib's level 4, as ImageIO's PNG writer: the label PNGs come out byte for byte as ImageIO wrote them. */
    private static final int LEVEL = 4;
    /** Largest IDAT payload; readers accept any split of the stream into chunks. */
    private static final int IDAT_BYTES = 1 << 16;

    /** Fills one row of samples, already in PNG byte order (16-bit samples big-endian). */
    @FunctionalInterface
    interface Rows {
        void fill(int y, byte[] row);
    }

    private final ImageOutputStream out;
    private final CRC32 crc = new CRC32();
    private final byte[] header = new byte[8];

    private PngEncoder(ImageOutputStream out) {
        this.out = out;
    }

    /**
     * Writes a whole PNG file.
     *
     * @param colorType {@link #GRAY} or {@link #RGB}
     * @param bitDepth 8 or 16 (16 only for gray)
     * @param filter {@link #FILTER_NONE} or {@link #FILTER_UP}, for every row
     */
    static void write(ImageOutputStream out, int width, int height, int colorType, int bitDepth, int filter, Rows rows)
            throws IOException {
        int channels = colorType == RGB ? 3 : 1;
        long rowBytes = (long) width * channels * (bitDepth / 8);
        if (width <= 0 || height <= 0 || rowBytes > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("cannot encode a " + width + "x" + height + " PNG");
        }
        PngEncoder png = new PngEncoder(out);
        out.write(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = (byte) bitDepth;
        ihdr[9] = (byte) colorType;
        // ihdr[10..12]: deflate compression, adaptive filtering (method 0), no interlace
        png.chunk("IHDR", ihdr, ihdr.length);
        png.imageData(height, (int) rowBytes, filter, rows);
        png.chunk("IEND", ihdr, 0);
    }

    private void imageData(int height, int rowBytes, int filter, Rows rows) throws IOException {
        byte[] row = new byte[rowBytes];
        byte[] previous = filter == FILTER_UP ? new byte[rowBytes] : null; // the row above the first is zeros
        byte[] filtered = new byte[1 + rowBytes];
        filtered[0] = (byte) filter;
        byte[] idat = new byte[IDAT_BYTES];
        Deflater deflater = new Deflater(LEVEL);
        try {
            int used = 0;
            for (int y = 0; y < height; y++) {
                rows.fill(y, row);
                if (previous == null) {
                    System.arraycopy(row, 0, filtered, 1, rowBytes);
                } else {
                    for (int i = 0; i < rowBytes; i++) {
                        filtered[1 + i] = (byte) (row[i] - previous[i]);
                    }
                    byte[] t = previous;
                    previous = row;
                    row = t;
                }
                deflater.setInput(filtered);
                while (!deflater.needsInput()) {
                    used = drain(deflater, idat, used);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                used = drain(deflater, idat, used);
            }
            if (used > 0) {
                chunk("IDAT", idat, used);
            }
        } finally {
            deflater.end();
        }
    }

    /** Deflates into the free end of {@code idat}, writing it out as a chunk when full; the bytes now used. */
    private int drain(Deflater deflater, byte[] idat, int used) throws IOException {
        used += deflater.deflate(idat, used, idat.length - used);
        if (used == idat.length) {
            chunk("IDAT", idat, used);
            used = 0;
        }
        return used;
    }

    /** Length, type, data, CRC of type and data. */
    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        putInt(header, 0, length);
        System.arraycopy(typeBytes, 0, header, 4, 4);
        out.write(header, 0, 8);
        out.write(data, 0, length);
        crc.reset();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        putInt(header, 0, (int) crc.getValue());
        out.write(header, 0, 4);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
