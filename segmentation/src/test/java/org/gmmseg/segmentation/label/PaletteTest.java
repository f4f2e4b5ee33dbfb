package org.gmmseg.segmentation.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import net.imglib2.img.array.ArrayImgs;

import org.gmmseg.segmentation.features.ColorConversions;
import org.gmmseg.segmentation.features.ImagePixels;
import org.junit.jupiter.api.Test;

class PaletteTest {
    @Test
    void labelZeroIsBlackAndTheFirstColoursAreFarApart() {
        assertEquals(0, Palette.rgb(0));
        Set<Integer> seen = new HashSet<>();
        for (int label = 1; label <= 255; label++) {
            assertTrue(seen.add(Palette.rgb(label)), "label " + label + " repeats a colour");
        }
        assertEquals(Palette.rgb(1), Palette.rgb(256), "cycles after 255");
        double[] a = new double[3];
        double[] b = new double[3];
        for (int i = 1; i <= 12; i++) {
            for (int j = i + 1; j <= 12; j++) {
                lab(Palette.rgb(i), a);
                lab(Palette.rgb(j), b);
                double d = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
                assertTrue(d > 30, "labels " + i + " and " + j + " are only " + d + " apart");
            }
        }
        byte[][] lut = Palette.lut();
        assertEquals(Palette.rgb(5) >> 16, lut[0][5] & 0xff);
    }

    private static void lab(int rgb, double[] out) {
        ColorConversions.rgbToLab((rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0, out, 0);
    }

    @Test
    void overlayBlendsLabelledPixelsAndKeepsExcludedOnes() {
        var image = ArrayImgs.unsignedBytes(new byte[] {(byte) 200, 100}, 2, 1);
        var labels = ArrayImgs.unsignedBytes(new byte[] {0, 1}, 2, 1);
        int[] out = Overlays.blend(ImagePixels.of(image, false), labels, 0.5);
        assertEquals(200 << 16 | 200 << 8 | 200, out[0]);
        int c = Palette.rgb(1);
        int expectedRed = (int) Math.round(0.5 * 100 + 0.5 * (c >> 16 & 0xff));
        assertEquals(expectedRed, out[1] >> 16 & 0xff);
    }
}
