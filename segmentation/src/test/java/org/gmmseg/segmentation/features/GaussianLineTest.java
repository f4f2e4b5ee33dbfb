package org.gmmseg.segmentation.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class GaussianLineTest {
    /** The Gaussian cut at 3 sigma over the mirrored line, term by term: what every regime must equal. */
    private static float[] bruteForce(float[] in, double sigma) {
        int n = in.length;
        int radius = (int) Math.max(1, Math.ceil(3 * sigma));
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            sum += Math.exp(-0.5 * t * t / (sigma * sigma));
        }
        float[] out = new float[n];
        for (int x = 0; x < n; x++) {
            double s = 0;
            for (int t = -radius; t <= radius; t++) {
                s += Math.exp(-0.5 * t * t / (sigma * sigma)) / sum * in[mirror(x + t, n)];
            }
            out[x] = (float) s;
        }
        return out;
    }

    private static int mirror(int p, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        p = Math.floorMod(p, period);
        return p < n ? p : period - p;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    private static float[] apply(float[] in, double sigma) {
        float[] out = new float[in.length];
        new GaussianLine(sigma, in.length).apply(in, out);
        return out;
    }

    @Test
    void narrowKernelIsTheMirroredConvolutionExactly() {
        float[] in = random(40, 1);
        assertArrayEquals(bruteForce(in, 1.5), apply(in, 1.5));
        assertArrayEquals(bruteForce(in, 0.3), apply(in, 0.3));
    }

    @Test
    void kernelWiderThanTheLineIsFoldedOntoOnePeriod() {
        float[] in = random(10, 2);
        for (double sigma : new double[] {3.2, 7, 20, 35}) {
            float[] expected = bruteForce(in, sigma);
            float[] got = apply(in, sigma);
            for (int i = 0; i < in.length; i++) {
                assertEquals(expected[i], got[i], 1e-6, "sigma " + sigma + " sample " + i);
            }
        }
    }

    @Test
    void sigmaFarBeyondTheLineIsItsMirroredMeanInBoundedTime() {
        float[] in = {1, 2, 4, 8};
        // the mirrored line repeats 1 2 4 8 4 2: the ends once, the others twice
        float mean = (1 + 8 + 2 * (2 + 4)) / 6f;
        for (double sigma : new double[] {1e4, 1e7, 1e9, 1e300}) {
            float[] out = apply(in, sigma);
            for (float v : out) {
                assertEquals(mean, v, 1e-6, "sigma " + sigma);
            }
        }
        assertEquals(bruteForce(in, 11.9)[0], apply(in, 12)[0], 1e-3, "the mean is close to the folded kernel just below");
    }

    @Test
    void aLineOfOneSampleIsKept() {
        assertArrayEquals(new float[] {5}, apply(new float[] {5}, 1e9));
        assertArrayEquals(new float[] {5}, apply(new float[] {5}, 2));
    }
}
