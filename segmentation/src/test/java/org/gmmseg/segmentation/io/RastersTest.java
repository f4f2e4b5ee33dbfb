package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;

import org.gmmseg.segmentation.io.Rasters.PageFormat;
import org.junit.jupiter.api.Test;

/** The copy paths that real files rarely reach: sub-images, banded buffers, non-standard data buffers. */
class RastersTest {
    private static final Path NAME = Path.of("test");

    @Test
    void subImageOfInterleavedRgbCopiesTheRightWindow() throws Exception {
        BufferedImage big = new BufferedImage(10, 8, BufferedImage.TYPE_3BYTE_BGR);
        TestImages.fill(big, (x, y, b) -> x + 10 * y + 100 * b);
        BufferedImage sub = big.getSubimage(2, 3, 4, 2);

        PageFormat format = Rasters.classify(NAME, sub);
        byte[] out = new byte[4 * 2 * 3];
        Rasters.copy(sub, format, out, 0);

        assertEquals(ChannelLayout.RGB, format.layout());
        // pixel (0, 0) of the window is (2, 3) of the big image; plane b starts at 8 * b
        assertEquals(32, out[0]);
        assertEquals(132, out[8] & 0xFF);
        assertEquals(232, out[16] & 0xFF);
        assertEquals(2 + 3 + 10 * (3 + 1), out[7]); // last pixel of plane 0: (3, 1) -> (5, 4)
    }

    @Test
    void bandedFloatGrayAlphaUsesBankIndices() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_FLOAT);
        WritableRaster r = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_FLOAT, 3, 2, 2), null);
        BufferedImage img = new BufferedImage(cm, r, false, null);
        TestImages.fill(img, (x, y, b) -> b == 0 ? x + 0.5 * y : -1 - x);

        PageFormat format = Rasters.classify(NAME, img);
        float[] out = new float[1 + 3 * 2 * 2];
        Rasters.copy(img, format, out, 1);

        assertEquals(ChannelLayout.GRAY_ALPHA, format.layout());
        assertEquals(32, format.bitDepth());
        assertArrayEquals(new float[] {0, 0, 1, 2, 0.5f, 1.5f, 2.5f, -1, -2, -3, -1, -2, -3}, out);
    }

    @Test
    void nonStandardDataBufferFallsBackToGetSamples() throws Exception {
        int w = 3;
        int h = 2;
        DataBuffer db = new IntBackedUShortBuffer(w * h);
        WritableRaster r = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_USHORT, w, h, 1, w, new int[] {0}), db, null);
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(cm, r, false, null);
        TestImages.fill(img, (x, y, b) -> 60000 + x + 10 * y);

        PageFormat format = Rasters.classify(NAME, img);
        short[] out = new short[w * h];
        Rasters.copy(img, format, out, 0);

        assertEquals(16, format.bitDepth());
        assertArrayEquals(new short[] {(short) 60000, (short) 60001, (short) 60002, (short) 60010, (short) 60011,
            (short) 60012}, out);
    }

    /** A 16-bit buffer that is not a DataBufferUShort. */
    private static final class IntBackedUShortBuffer extends DataBuffer {
        private final int[] data;

        IntBackedUShortBuffer(int size) {
            super(TYPE_USHORT, size);
            data = new int[size];
        }

        @Override
        public int getElem(int bank, int i) {
            return data[i];
        }

        @Override
        public void setElem(int bank, int i, int val) {
            data[i] = val & 0xFFFF;
        }
    }
}
