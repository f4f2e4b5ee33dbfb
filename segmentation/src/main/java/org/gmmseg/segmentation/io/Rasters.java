package org.gmmseg.segmentation.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.nio.file.Path;

/**
 * Copies decoded {@link BufferedImage}s into planar primitive arrays (X fastest, then Y, then channel): a row or a
 * band at a time, straight from the {@link DataBuffer} when the sample model allows it. Stateless.
 */
final class Rasters {
    private Rasters() {
    }

    /** How a page's samples become channels. */
    enum Kind {
        /** Indices into a colour table, expanded to gray or RGB (plus alpha). */
        PALETTE,
        /** Packed integer pixels (e.g. 16-bit BMP), expanded to 8-bit RGB(A). */
        PACKED,
        /** One band per channel, copied as they are. */
        COMPONENT
    }

    /** What a decoded page turns into. */
    record PageFormat(Kind kind, int channels, ChannelLayout layout, int bitDepth) {
    }

    /**
     * Decides how a decoded page is copied, or explains why it cannot be.
     *
     * @throws ImageReadException "unsupported pixel type (...)" for signed, integer-32 and double samples
     */
    static PageFormat classify(Path path, BufferedImage img) throws ImageReadException {
        ColorModel cm = img.getColorModel();
        SampleModel sm = img.getSampleModel();
        if (cm instanceof IndexColorModel icm) {
            boolean alpha = icm.hasAlpha();
            if (isGrayPalette(icm)) {
                return new PageFormat(Kind.PALETTE, alpha ? 2 : 1, alpha ? ChannelLayout.GRAY_ALPHA : ChannelLayout.GRAY, 8);
            }
            return new PageFormat(Kind.PALETTE, alpha ? 4 : 3, alpha ? ChannelLayout.RGBA : ChannelLayout.RGB, 8);
        }
        if (cm instanceof DirectColorModel) {
            boolean alpha = cm.hasAlpha();
            return new PageFormat(Kind.PACKED, alpha ? 4 : 3, alpha ? ChannelLayout.RGBA : ChannelLayout.RGB, 8);
        }
        if (!(cm instanceof ComponentColorModel)) {
            throw unsupported(path, "colour model " + cm.getClass().getSimpleName() + " is not supported");
        }
        int bands = sm.getNumBands();
        int maxBits = 0;
        for (int bits : sm.getSampleSize()) {
            maxBits = Math.max(maxBits, bits);
        }
        int bitDepth = switch (sm.getDataType()) {
            case DataBuffer.TYPE_BYTE -> {
                if (maxBits != 8) {
                    throw unsupported(path, maxBits + "-bit samples are not supported; use 8 or 16 bits per sample");
                }
                yield 8;
            }
            case DataBuffer.TYPE_USHORT -> 16;
            case DataBuffer.TYPE_FLOAT -> 32;
            case DataBuffer.TYPE_SHORT -> throw unsupported(path, "signed 16-bit samples are not supported; "
                    + "convert to unsigned 16-bit or 32-bit float (e.g. Fiji: Image > Type)");
            case DataBuffer.TYPE_INT -> throw unsupported(path, "32-bit integer samples are not supported; "
                    + "convert to 16-bit or 32-bit float (e.g. Fiji: Image > Type)");
            case DataBuffer.TYPE_DOUBLE -> throw unsupported(path, "64-bit float samples are not supported; "
                    + "convert to 32-bit float (e.g. Fiji: Image > Type)");
            default -> throw unsupported(path, "sample data type " + sm.getDataType() + " is not supported");
        };
        boolean alpha = cm.hasAlpha();
        int space = cm.getColorSpace().getType();
        ChannelLayout layout;
        if (bands == 1 && !alpha) {
            layout = ChannelLayout.GRAY;
        } else if (bands == 2 && alpha) {
            layout = ChannelLayout.GRAY_ALPHA;
        } else if (bands == 3 && !alpha && space == ColorSpace.TYPE_RGB) {
            layout = ChannelLayout.RGB;
        } else if (bands == 4 && alpha && space == ColorSpace.TYPE_RGB) {
            layout = ChannelLayout.RGBA;
        } else {
            layout = ChannelLayout.CHANNELS;
        }
        return new PageFormat(Kind.COMPONENT, bands, layout, bitDepth);
    }

    /**
     * Copies all channels of a page into {@code dest} (byte[], short[] or float[] as the bit depth says), channel c
     * starting at {@code offset + c * width * height}.
     */
    static void copy(BufferedImage img, PageFormat format, Object dest, int offset) {
        if (img.isAlphaPremultiplied()) {
            img.coerceData(false);
        }
        switch (format.kind()) {
            case PALETTE -> copyPalette(img, format, (byte[]) dest, offset);
            case PACKED -> copyPacked(img, format, (byte[]) dest, offset);
            case COMPONENT -> {
                for (int b = 0; b < format.channels(); b++) {
                    copyBand(img.getRaster(), b, dest, offset + b * img.getWidth() * img.getHeight());
                }
            }
        }
    }

    /** Whether every entry of the colour table is a shade of gray. */
    static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static void copyPalette(BufferedImage img, PageFormat format, byte[] dest, int offset) {
        IndexColorModel icm = (IndexColorModel) img.getColorModel();
        // indices past the table (corrupt files) read as transparent black, as IndexColorModel itself does
        int[] argb = new int[Math.max(icm.getMapSize(), 1 << Math.min(icm.getPixelSize(), 16))];
        icm.getRGBs(argb);
        Raster raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        int[] index = new int[w];
        boolean gray = format.layout().isGray();
        boolean alpha = format.layout().hasAlpha();
        int alphaPlane = offset + (format.channels() - 1) * plane;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, index);
            int row = offset + y * w;
            for (int x = 0; x < w; x++) {
                int i = index[x];
                int c = i < argb.length ? argb[i] : 0;
                if (gray) {
                    dest[row + x] = (byte) c;
                } else {
                    dest[row + x] = (byte) (c >> 16);
                    dest[plane + row + x] = (byte) (c >> 8);
                    dest[2 * plane + row + x] = (byte) c;
                }
                if (alpha) {
                    dest[alphaPlane + y * w + x] = (byte) (c >>> 24);
                }
            }
        }
    }

    private static void copyPacked(BufferedImage img, PageFormat format, byte[] dest, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        int[] argb = new int[w];
        boolean alpha = format.layout().hasAlpha();
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            int row = offset + y * w;
            for (int x = 0; x < w; x++) {
                int c = argb[x];
                dest[row + x] = (byte) (c >> 16);
                dest[plane + row + x] = (byte) (c >> 8);
                dest[2 * plane + row + x] = (byte) c;
                if (alpha) {
                    dest[3 * plane + row + x] = (byte) (c >>> 24);
                }
            }
        }
    }

    /** Copies band {@code b} of the raster into {@code dest} from {@code offset}, row by row. */
    static void copyBand(Raster raster, int b, Object dest, int offset) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        DataBuffer db = raster.getDataBuffer();
        if (raster.getSampleModel() instanceof ComponentSampleModel csm && fastPathFits(db, dest)) {
            int bank = csm.getBankIndices()[b];
            int ps = csm.getPixelStride();
            int ss = csm.getScanlineStride();
            int base = db.getOffsets()[bank] + csm.getBandOffsets()[b]
                    + (raster.getMinY() - raster.getSampleModelTranslateY()) * ss
                    + (raster.getMinX() - raster.getSampleModelTranslateX()) * ps;
            Object src = switch (db.getDataType()) {
                case DataBuffer.TYPE_BYTE -> ((DataBufferByte) db).getData(bank);
                case DataBuffer.TYPE_USHORT -> ((DataBufferUShort) db).getData(bank);
                default -> ((DataBufferFloat) db).getData(bank);
            };
            for (int y = 0; y < h; y++) {
                int s = base + y * ss;
                int d = offset + y * w;
                if (ps == 1) {
                    System.arraycopy(src, s, dest, d, w);
                } else if (dest instanceof byte[] out) {
                    byte[] in = (byte[]) src;
                    for (int x = 0; x < w; x++) {
                        out[d + x] = in[s + x * ps];
                    }
                } else if (dest instanceof short[] out) {
                    short[] in = (short[]) src;
                    for (int x = 0; x < w; x++) {
                        out[d + x] = in[s + x * ps];
                    }
                } else {
                    float[] out = (float[]) dest;
                    float[] in = (float[]) src;
                    for (int x = 0; x < w; x++) {
                        out[d + x] = in[s + x * ps];
                    }
                }
            }
            return;
        }
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        if (dest instanceof float[] out) {
            float[] row = new float[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, b, row);
                System.arraycopy(row, 0, out, offset + y * w, w);
            }
            return;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(x0, y0 + y, w, 1, b, row);
            int d = offset + y * w;
            if (dest instanceof byte[] out) {
                for (int x = 0; x < w; x++) {
                    out[d + x] = (byte) row[x];
                }
            } else {
                short[] out = (short[]) dest;
                for (int x = 0; x < w; x++) {
                    out[d + x] = (short) row[x];
                }
            }
        }
    }

    /** Whether the data buffer is one of the standard classes holding the same primitive type as the destination. */
    private static boolean fastPathFits(DataBuffer db, Object dest) {
        return db instanceof DataBufferByte && dest instanceof byte[]
                || db instanceof DataBufferUShort && dest instanceof short[]
                || db instanceof DataBufferFloat && dest instanceof float[];
    }

    private static ImageReadException unsupported(Path path, String why) {
        return new ImageReadException(path, "unsupported pixel type (" + why + ")");
    }
}
