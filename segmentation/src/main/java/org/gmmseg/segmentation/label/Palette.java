package org.gmmseg.segmentation.label;

import org.gmmseg.segmentation.features.ColorConversions;

/**
 * Distinct colours for label images, in the spirit of Glasbey et al. (2007): label 0 is black,
 * every next colour is the sRGB colour (from a 16-level grid) farthest in CIE L*a*b* from all
 * colours chosen so far, so neighbouring labels never look alike. Deterministic; the first 256
 * colours are computed once. Labels above 255 reuse the palette cyclically (skipping black).
 */
public final class Palette {
    private static final int SIZE = 256;
    private static final int[] RGB = build();

    private Palette() {
    }

    /** The 0xRRGGBB colour of a label; 0 (excluded pixels) is black. */
    public static int rgb(int label) {
        if (label <= 0) {
            return 0;
        }
        return RGB[1 + (label - 1) % (SIZE - 1)];
    }

    /** The first 256 colours as ImageJ-style lookup-table channels: reds, greens, blues. */
    public static byte[][] lut() {
        byte[][] lut = new byte[3][SIZE];
        for (int i = 0; i < SIZE; i++) {
            lut[0][i] = (byte) (RGB[i] >> 16);
            lut[1][i] = (byte) (RGB[i] >> 8);
            lut[2][i] = (byte) RGB[i];
        }
        return lut;
    }

    private static int[] build() {
        int levels = 16;
        int n = levels * levels * levels;
        double[] lab = new double[n * 3];
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            int r = (i / (levels * levels)) * 17;
            int g = (i / levels % levels) * 17;
            int b = (i % levels) * 17;
            rgb[i] = r << 16 | g << 8 | b;
            ColorConversions.rgbToLab(r / 255.0, g / 255.0, b / 255.0, lab, i * 3);
        }
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int[] chosen = new int[SIZE];
        // black is label 0; white is avoided too, as it would vanish on bright images
        update(nearest, lab, 0);
        update(nearest, lab, n - 1);
        chosen[0] = 0;
        for (int c = 1; c < SIZE; c++) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (nearest[i] > nearest[best]) {
                    best = i;
                }
            }
            chosen[c] = rgb[best];
            update(nearest, lab, best);
        }
        return chosen;
    }

    private static void update(double[] nearest, double[] lab, int from) {
        for (int i = 0; i < nearest.length; i++) {
            double d = 0;
            for (int j = 0; j < 3; j++) {
                double v = lab[i * 3 + j] - lab[from * 3 + j];
                d += v * v;
            }
            nearest[i] = Math.min(nearest[i], d);
        }
    }
}
