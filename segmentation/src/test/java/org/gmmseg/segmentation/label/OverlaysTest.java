package org.gmmseg.segmentation.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;

import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;

class OverlaysTest {
    private static final int W = 64;
    private static final int H = 16;

    /** With opacity 0 the overlay is the image as displayed: the gray value of each pixel. */
    private static int[] shown(ImagePixels image, byte[] labels) {
        int[] rgb = Overlays.blend(image, ArrayImgs.unsignedBytes(labels, image.width(), image.height()), 0);
        return Arrays.stream(rgb).map(v -> v >> 8 & 0xff).toArray();
    }

    private static byte[] allLabelled(int n) {
        byte[] labels = new byte[n];
        Arrays.fill(labels, (byte) 1);
        return labels;
    }

    @Test
    void twelveBitDataInASixteenBitImageSpanTheDisplayRange() {
        short[] values = new short[W * H];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 4095L / (values.length - 1)); // 0..4095
        }
        ImagePixels image = ImagePixels.of(ArrayImgs.unsignedShorts(values, W, H), false);

        int[] gray = shown(image, allLabelled(W * H));

        int min = Arrays.stream(gray).min().orElseThrow();
        int max = Arrays.stream(gray).max().orElseThrow();
        assertTrue(min <= 5 && max >= 250, "shown as " + min + ".." + max + ", not most of 0..255");
        // scaled by the full 16-bit range, 4095 would be 16
    }

    @Test
    void eachChannelIsStretchedToItsOwnRangeOverIncludedPixelsOnly() {
        // RGB + alpha, 16-bit: red 1000..2000, green 0..100, blue 30000..31000; one pixel excluded by alpha
        int n = W;
        short[] values = new short[n * 4];
        for (int x = 0; x < n; x++) {
            values[x] = (short) (1000 + x * 1000 / (n - 1));
            values[n + x] = (short) (x * 100 / (n - 1));
            values[2 * n + x] = (short) (30000 + x * 1000 / (n - 1));
            values[3 * n + x] = (short) 65535;
        }
        values[0] = (short) 0; // red of pixel 0 far below the others...
        values[3 * n] = 0; // ...but pixel 0 is transparent: it does not count
        values[n - 1] = (short) 2000;
        ImagePixels image = ImagePixels.of(ArrayImgs.unsignedShorts(values, n, 1, 4), true);
        byte[] labels = allLabelled(n);
        labels[0] = 0;

        int[] rgb = Overlays.blend(image, ArrayImgs.unsignedBytes(labels, n, 1), 0);

        int first = rgb[1];
        int last = rgb[n - 1];
        for (int shift : new int[] {16, 8, 0}) {
            assertTrue((first >> shift & 0xff) <= 5, "channel at " + shift + " starts at " + (first >> shift & 0xff));
            assertEquals(255, last >> shift & 0xff, "channel at " + shift);
        }
    }

    @Test
    void floatImagesAreStretchedToo() {
        float[] values = new float[W];
        for (int x = 0; x < W; x++) {
            values[x] = 0.2f + 0.2f * x / (W - 1); // 0.2..0.4, as stored 51..102
        }
        values[5] = Float.NaN; // excluded
        int[] gray = shown(ImagePixels.of(ArrayImgs.floats(values, W, 1), false), allLabelled(W));

        assertEquals(0, gray[0]);
        assertEquals(255, gray[W - 1]);
    }

    @Test
    void eightBitImagesAreShownAsStored() {
        byte[] values = new byte[W];
        for (int x = 0; x < W; x++) {
            values[x] = (byte) (100 + x / 8); // 100..107: a narrow range, kept
        }
        int[] gray = shown(ImagePixels.of(ArrayImgs.unsignedBytes(values, W, 1), false), allLabelled(W));

        for (int x = 0; x < W; x++) {
            assertEquals(100 + x / 8, gray[x], "pixel " + x);
        }
    }

    @Test
    void aConstantSixteenBitImageIsShownAsStored() {
        short[] values = new short[W];
        Arrays.fill(values, (short) 0x8080);
        int[] gray = shown(ImagePixels.of(ArrayImgs.unsignedShorts(values, W, 1), false), allLabelled(W));

        assertEquals(128, gray[0]);
    }
}
