package org.gmmseg.segmentation.features;

/**
 * Colour conversions on values in [0, 1], matching scikit-image's {@code rgb2lab} (sRGB, D65,
 * 2 degree observer), {@code rgb2hsv} and {@code rgb2gray}.
 */
public final class ColorConversions {
    // sRGB (linear) to XYZ, as scikit-image's xyz_from_rgb
    private static final double[] XYZ_FROM_RGB = {
        0.412453, 0.357580, 0.180423,
        0.212671, 0.715160, 0.072169,
        0.019334, 0.119193, 0.950227};
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double EPSILON = 216.0 / 24389; // (6/29)^3
    private static final double KAPPA = 24389.0 / 27;

    private ColorConversions() {
    }

    /** Writes L*, a*, b* of an sRGB colour (components in [0, 1]) to out[offset..offset+3). */
    public static void rgbToLab(double r, double g, double b, double[] out, int offset) {
        double lr = linear(r);
        double lg = linear(g);
        double lb = linear(b);
        double x = (XYZ_FROM_RGB[0] * lr + XYZ_FROM_RGB[1] * lg + XYZ_FROM_RGB[2] * lb) / XN;
        double y = (XYZ_FROM_RGB[3] * lr + XYZ_FROM_RGB[4] * lg + XYZ_FROM_RGB[5] * lb) / YN;
        double z = (XYZ_FROM_RGB[6] * lr + XYZ_FROM_RGB[7] * lg + XYZ_FROM_RGB[8] * lb) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        out[offset] = 116 * fy - 16;
        out[offset + 1] = 500 * (fx - fy);
        out[offset + 2] = 200 * (fy - fz);
    }

    /** L* of a gray value in [0, 1] (a* = b* = 0 for R = G = B). */
    public static double grayToLightness(double v) {
        double y = (XYZ_FROM_RGB[3] + XYZ_FROM_RGB[4] + XYZ_FROM_RGB[5]) * linear(v) / YN;
        return 116 * f(y) - 16;
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    /** Writes hue, saturation, value (all in [0, 1]) of an RGB colour to out[offset..offset+3). */
    public static void rgbToHsv(double r, double g, double b, double[] out, int offset) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double delta = max - min;
        double h;
        if (delta == 0) {
            h = 0;
        } else if (max == r) {
            h = ((g - b) / delta) / 6;
        } else if (max == g) {
            h = (2 + (b - r) / delta) / 6;
        } else {
            h = (4 + (r - g) / delta) / 6;
        }
        if (h < 0) {
            h += 1;
        }
        out[offset] = h;
        out[offset + 1] = max == 0 ? 0 : delta / max;
        out[offset + 2] = max;
    }

    /** Luminance with scikit-image's rgb2gray weights (Rec. 709). */
    public static double luminance(double r, double g, double b) {
        return 0.2125 * r + 0.7154 * g + 0.0721 * b;
    }
}
