package org.gmmseg.core.em;

import org.gmmseg.core.GmmException;

/**
 * The feature vectors of an image's pixels in grid order ({@link PixelGrid}), read a run at a
 * time by {@link HmrfFitter}, which needs pixel order and so cannot work on de-duplicated samples.
 * Implementations may hold the features or compute them from the image on every read; they must
 * allow concurrent reads of different runs from several threads.
 */
public interface PixelFeatures {
    /** D, the features per pixel. */
    int dimension();

    /**
     * The features of pixels [from, to): {@code out[(n - from) * D + j]}, and whether each pixel
     * takes part ({@code valid[n - from]}; excluded pixels, e.g. alpha 0, have no label and are
     * nobody's neighbour). Values at excluded pixels are not read.
     */
    void read(int from, int to, double[] out, boolean[] valid);

    /**
     * Features held in a row-major array, N x D.
     *
     * @param valid per pixel, or null when all take part; kept, not copied
     */
    static PixelFeatures of(double[] values, int d, boolean[] valid) {
        check(values.length, d, valid);
        return new HeldFeatures(d, valid) {
            @Override
            void copy(int from, int to, double[] out) {
                System.arraycopy(values, from * d, out, 0, (to - from) * d);
            }
        };
    }

    /**
     * Features held as floats, N x D row-major: half the memory of doubles, for the whole image's
     * pixels while HMRF-EM sweeps over them.
     *
     * @param valid per pixel, or null when all take part; kept, not copied
     */
    static PixelFeatures of(float[] values, int d, boolean[] valid) {
        check(values.length, d, valid);
        return new HeldFeatures(d, valid) {
            @Override
            void copy(int from, int to, double[] out) {
                for (int i = from * d; i < to * d; i++) {
                    out[i - from * d] = values[i];
                }
            }
        };
    }

    private static void check(int length, int d, boolean[] valid) {
        if (d < 1 || length % d != 0 || (valid != null && (long) valid.length * d != length)) {
            throw new GmmException("features of " + length + " values do not make pixels of D=" + d
                    + (valid == null ? "" : " with " + valid.length + " validity flags"));
        }
    }
}
