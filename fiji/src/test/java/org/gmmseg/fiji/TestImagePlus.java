package org.gmmseg.fiji;

import java.util.SplittableRandom;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * Seeded test images of three vertical bands (dark left, middle, bright right) with noise much
 * smaller than the gaps between them, so a 3-component model finds the bands exactly.
 */
final class TestImagePlus {
    static final int W = 48;
    static final int H = 32;

    private TestImagePlus() {
    }

    static int band(int x) {
        return x * 3 / W;
    }

    private static ImageProcessor bands(ImageProcessor ip, double[] levels, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                ip.setf(x, y, (float) Math.round(levels[band(x)] + (rng.nextDouble() * 2 - 1) * noise));
            }
        }
        return ip;
    }

    static ImagePlus gray8(String title, long seed) {
        return new ImagePlus(title, bands(new ByteProcessor(W, H), new double[] {40, 120, 200}, 8, seed));
    }

    /**
     * The bands of {@link #gray8} with Gaussian noise (sd 6) instead of uniform noise, so that a
     * criterion such as BIC finds three components rather than splitting the flat histograms.
     */
    static ImagePlus gaussianGray8(String title, long seed) {
        ByteProcessor ip = new ByteProcessor(W, H);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] levels = {40, 120, 200};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double g = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                ip.set(x, y, (int) Math.round(levels[band(x)] + 6 * g));
            }
        }
        return new ImagePlus(title, ip);
    }

    /** A stack of {@link #gaussianGray8} slices with different noise. */
    static ImagePlus gaussianStack8(String title, int slices, long seed) {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < slices; z++) {
            stack.addSlice(gaussianGray8("s", seed + z).getProcessor());
        }
        return new ImagePlus(title, stack);
    }

    static ImagePlus gray16(String title, long seed) {
        return new ImagePlus(title, bands(new ShortProcessor(W, H), new double[] {1000, 2500, 4000}, 150, seed));
    }

    static ImagePlus gray32(String title, long seed) {
        ImageProcessor ip = bands(new FloatProcessor(W, H), new double[] {-5, 0, 5}, 1, seed);
        return new ImagePlus(title, ip);
    }

    static ImagePlus rgb(String title, long seed) {
        ColorProcessor cp = new ColorProcessor(W, H);
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] colours = {{30, 30, 60}, {200, 40, 40}, {230, 230, 200}};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] c = colours[band(x)];
                int[] v = new int[3];
                for (int i = 0; i < 3; i++) {
                    v[i] = Math.max(0, Math.min(255, c[i] + (int) Math.round((rng.nextDouble() * 2 - 1) * 10)));
                }
                cp.set(x, y, v[0] << 16 | v[1] << 8 | v[2]);
            }
        }
        return new ImagePlus(title, cp);
    }

    /** An RGB image of uniform noise in every channel: about as many distinct colours as pixels, a slow fit. */
    static ImagePlus noiseRgb(String title, int width, int height, long seed) {
        ColorProcessor cp = new ColorProcessor(width, height);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] pixels = (int[]) cp.getPixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextInt(1 << 24);
        }
        return new ImagePlus(title, cp);
    }

    /** An 8-bit stack whose slices show the same bands with different noise. */
    static ImagePlus stack8(String title, int slices, long seed) {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < slices; z++) {
            stack.addSlice(gray8("s", seed + z).getProcessor());
        }
        return new ImagePlus(title, stack);
    }

    /**
     * A 2-channel composite hyperstack (C x Z x T = 2 x slices x frames): channel 1 bright in the
     * left band, channel 2 bright in the right band, 16-bit.
     */
    static ImagePlus composite(String title, int slices, int frames, long seed) {
        ImageStack stack = new ImageStack(W, H);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < slices * frames; i++) {
            for (int c = 0; c < 2; c++) {
                ShortProcessor sp = new ShortProcessor(W, H);
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int b = band(x);
                        int level = c == 0 ? (b == 0 ? 3000 : 500) : (b == 2 ? 3000 : 500);
                        sp.set(x, y, level + (int) Math.round((rng.nextDouble() * 2 - 1) * 100));
                    }
                }
                stack.addSlice(sp);
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(2, slices, frames);
        return new CompositeImage(imp, CompositeImage.COMPOSITE);
    }

    /** Pixel values of an ImageJ processor, row-major. */
    static int[] values(ImageProcessor ip) {
        int[] out = new int[ip.getPixelCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ip.get(i);
        }
        return out;
    }
}
