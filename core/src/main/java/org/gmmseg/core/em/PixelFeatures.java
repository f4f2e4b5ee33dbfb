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
        if (d < 1 || values.length % d != 0 || (valid != null && valid.length * d != values.length)) {
            throw new GmmException("features of " + values.length + " values do not make pixels of D=" + d
                    + (valid == null ? "" : " with " + valid.length + " validity flags"));
        }
        return new PixelFeatures() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public void read(int from, int to, double[] out, boolean[] ok) {
                System.arraycopy(values, from * d, out, 0, (to - from) * d);
                for (int n = from; n < to; n++) {
                    ok[n - from] = valid == null || valid[n];
                }
            }
        };
    }
}
