package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reference values printed by scikit-image 0.19.3 rgb2lab / rgb2hsv (D65, 2 degrees). */
class ColorConversionsTest {

    private static double[] lab(double r, double g, double b) {
        double[] out = new double[3];
        ColorConversions.rgbToLab(r, g, b, out, 0);
        return out;
    }

    @Test
    void labMatchesScikitImage() {
        // skimage.color.rgb2lab 0.19.3 on the same colours
        assertArrayEquals(new double[] {53.24058794, 80.09230823, 67.20275104}, lab(1, 0, 0), 1e-6);
        assertArrayEquals(new double[] {87.73509949, -86.18302974, 83.17970318}, lab(0, 1, 0), 1e-6);
        assertArrayEquals(new double[] {32.29567257, 79.18559091, -107.85730021}, lab(0, 0, 1), 1e-6);
        assertArrayEquals(new double[] {100, -0.00245494, 0.00465342}, lab(1, 1, 1), 1e-6);
        assertArrayEquals(new double[] {53.38896474, -0.0014685, 0.00278359}, lab(0.5, 0.5, 0.5), 1e-6);
        assertArrayEquals(new double[] {60.92953203, -3.06015532, -46.83765364}, lab(0.2, 0.6, 0.9), 1e-6);
        assertArrayEquals(new double[] {0, 0, 0}, lab(0, 0, 0), 1e-12);
    }

    @Test
    void grayLightnessEqualsLabOfEqualChannels() {
        for (double v : new double[] {0, 0.01, 0.2, 0.5, 0.93, 1}) {
            assertEquals(lab(v, v, v)[0], ColorConversions.grayToLightness(v), 1e-9);
        }
    }

    @Test
    void hsvOfKnownColours() {
        double[] out = new double[3];
        ColorConversions.rgbToHsv(1, 0, 0, out, 0);
        assertArrayEquals(new double[] {0, 1, 1}, out, 1e-12);
        ColorConversions.rgbToHsv(0, 1, 0, out, 0);
        assertArrayEquals(new double[] {1.0 / 3, 1, 1}, out, 1e-12);
        ColorConversions.rgbToHsv(0, 0, 0.5, out, 0);
        assertArrayEquals(new double[] {2.0 / 3, 1, 0.5}, out, 1e-12);
        ColorConversions.rgbToHsv(1, 0, 1, out, 0);
        assertArrayEquals(new double[] {5.0 / 6, 1, 1}, out, 1e-12);
        ColorConversions.rgbToHsv(0.2, 0.6, 0.9, out, 0);
        assertArrayEquals(new double[] {0.57142857, 0.77777778, 0.9}, out, 1e-8);
        ColorConversions.rgbToHsv(0.4, 0.4, 0.4, out, 0);
        assertArrayEquals(new double[] {0, 0, 0.4}, out, 1e-12);
    }

    @Test
    void luminanceUsesRec709Weights() {
        assertEquals(0.2125, ColorConversions.luminance(1, 0, 0), 1e-12);
        assertEquals(1, ColorConversions.luminance(1, 1, 1), 1e-12);
    }
}
