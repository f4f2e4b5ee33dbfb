package org.gmmseg.segmentation.io;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds small test images with known values and writes them with the JDK's ImageIO writers. */
public final class TestImages {
    private TestImages() {
    }

    /** A component image with the given colour space, alpha and data type; sample (x, y, b) = f(x, y, b). */
    static BufferedImage component(int colorSpace, boolean alpha, int dataType, int w, int h, Sample f) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(colorSpace), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        BufferedImage img = new BufferedImage(cm, r, false, null);
        fill(img, f);
        return img;
    }

    static void fill(BufferedImage img, Sample f) {
        WritableRaster r = img.getRaster();
        for (int b = 0; b < r.getNumBands(); b++) {
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    r.setSample(x, y, b, f.at(x, y, b));
                }
            }
        }
    }

    /** Writes with the first ImageIO writer for the format; fails if none accepts the image. */
    static Path write(Path file, String format, BufferedImage img) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IllegalStateException("no " + format + " writer for " + img);
        }
        return file;
    }

    /** Writes a multi-page TIFF, one image per page. */
    public static Path writeTiffPages(Path file, List<BufferedImage> pages) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    /**
     * A minimal little-endian single-strip gray TIFF, for layouts ImageIO will not write (zero size, signed
     * samples). Pixel data are zeros.
     */
    static byte[] tinyTiff(int w, int h, int bitsPerSample, int sampleFormat) {
        int dataBytes = Math.max(1, w * h * bitsPerSample / 8);
        int entries = 9;
        int dataOffset = 8 + 2 + entries * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        shortTag(b, 256, w);
        shortTag(b, 257, h);
        shortTag(b, 258, bitsPerSample);
        shortTag(b, 259, 1);
        shortTag(b, 262, 1);
        b.putShort((short) 273).putShort((short) 4).putInt(1).putInt(dataOffset);
        shortTag(b, 277, 1);
        b.putShort((short) 279).putShort((short) 4).putInt(1).putInt(dataBytes);
        shortTag(b, 339, sampleFormat);
        b.putInt(0);
        return Arrays.copyOf(b.array(), b.capacity());
    }

    /**
     * A TIFF of w x h with no pixel data, as tifffile writes an empty array: the strip has 0 bytes at an offset past
     * the end of the file, which the JDK's reader finds "out of stream" when it parses the header.
     */
    static byte[] emptyTiff(int w, int h, ByteOrder order) {
        int entries = 8;
        int end = 8 + 2 + entries * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(end).order(order);
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(b.get(0)).putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        b.putShort((short) 256).putShort((short) 4).putInt(1).putInt(w); // LONG, as tifffile writes them
        b.putShort((short) 257).putShort((short) 4).putInt(1).putInt(h);
        shortTag(b, 258, 8);
        shortTag(b, 259, 1);
        shortTag(b, 262, 1);
        b.putShort((short) 273).putShort((short) 4).putInt(1).putInt(end + 8);
        shortTag(b, 277, 1);
        b.putShort((short) 279).putShort((short) 4).putInt(1).putInt(0);
        b.putInt(0);
        return b.array();
    }

    /** A well-formed PNG (IHDR, IEND) whose header declares w x h pixels, without image data. */
    static byte[] headerOnlyPng(int w, int h) {
        return headerOnlyPng(w, h, 0);
    }

    /** As {@link #headerOnlyPng(int, int)}, 8-bit of the given PNG colour type (0 gray, 2 RGB, 6 RGBA). */
    public static byte[] headerOnlyPng(int w, int h, int colourType) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) colourType).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        pngChunk(out, "IHDR", ihdr.array());
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void pngChunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void shortTag(ByteBuffer b, int tag, int value) {
        b.putShort((short) tag).putShort((short) 3).putInt(1).putShort((short) value).putShort((short) 0);
    }

    static final int GRAY = ColorSpace.CS_GRAY;
    static final int SRGB = ColorSpace.CS_sRGB;
    static final int BYTE = DataBuffer.TYPE_BYTE;
    static final int USHORT = DataBuffer.TYPE_USHORT;
    static final int FLOAT = DataBuffer.TYPE_FLOAT;

    @FunctionalInterface
    interface Sample {
        double at(int x, int y, int band);
    }
}
