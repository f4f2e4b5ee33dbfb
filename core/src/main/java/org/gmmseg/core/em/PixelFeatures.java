package org.gmmseg.core.em;

import org.gmmseg.core.GmmException;

/**
 * The feature vectors of an image's pixels in grid order ({@link PixelGrid}), for
 * {@link HmrfFitter}, which needs pixel order and so cannot work on de-duplicated samples. Held as
 * floats (4 D bytes a pixel) in the E-step kernel's layout, blocks of {@value EStepKernel#LANES}
 * pixels feature by feature, so that each sweep reads a tile's values in one widening pass instead
 * of transposing them.
 *
 * <p>Filled by {@link #set}, which threads may call concurrently for different pixels; read by
 * the fitter after all sets have happened.
 */
public final class PixelFeatures {
    private static final int LANES = EStepKernel.LANES;

    private final int pixels;
    private final int d;
    /** Feature j of pixel n at (n / LANES * D + j) * LANES + n % LANES ({@link #start}); padded to whole blocks. */
    final float[] values;
    /** Per pixel, or null when all take part. */
    final boolean[] valid;

    private PixelFeatures(int pixels, int d, boolean[] valid) {
        if (d < 1 || pixels < 1 || (valid != null && valid.length != pixels)) {
            throw new GmmException("features of " + pixels + " pixels of D=" + d + " need D >= 1"
                    + (valid == null ? "" : " and " + pixels + " validity flags, got " + valid.length));
        }
        long padded = (pixels + (long) LANES - 1) / LANES * LANES;
        if (padded * d > Integer.MAX_VALUE - 8) {
            throw new GmmException(pixels + " pixels of D=" + d + " are more than 2^31 feature values");
        }
        this.pixels = pixels;
        this.d = d;
        this.valid = valid;
        this.values = new float[(int) padded * d];
    }

    /**
     * Room for the features of {@code pixels} pixels, all 0 until {@link #set}.
     *
     * @param valid per pixel whether it takes part (excluded pixels, e.g. alpha 0, have no label
     *     and are nobody's neighbour; their values are not read), or null when all do; kept, not copied
     */
    public static PixelFeatures allocate(int pixels, int d, boolean[] valid) {
        return new PixelFeatures(pixels, d, valid);
    }

    /** Features held in a row-major array, N x D (tests, benchmarks). */
    public static PixelFeatures of(double[] rows, int d, boolean[] valid) {
        if (d < 1 || rows.length % d != 0) {
            throw new GmmException("features of " + rows.length + " values do not make pixels of D=" + d);
        }
        PixelFeatures f = new PixelFeatures(rows.length / d, d, valid);
        for (int n = 0; n < f.pixels; n++) {
            f.set(n, rows, n * d);
        }
        return f;
    }

    /** Sets the features of one pixel from row[offset .. offset + D). */
    public void set(int pixel, double[] row, int offset) {
        int o = start(pixel);
        for (int j = 0; j < d; j++) {
            values[o + j * LANES] = (float) row[offset + j];
        }
    }

    /** Where feature 0 of a pixel is in {@link #values}; feature j is j * LANES further. */
    private int start(int pixel) {
        return pixel / LANES * d * LANES + pixel % LANES;
    }

    /** D, the features per pixel. */
    public int dimension() {
        return d;
    }

    /** N, the pixels. */
    public int pixels() {
        return pixels;
    }

    /**
     * Gives excluded pixels and the padding the values of the first pixel that takes part, so that
     * the kernel, which weighs them 0, computes only finite values.
     */
    void fillExcluded() {
        int stand = 0;
        while (valid != null && stand < pixels && !valid[stand]) {
            stand++;
        }
        if (stand == pixels) {
            return;
        }
        int padded = values.length / d;
        int from = start(stand);
        for (int n = 0; n < padded; n++) {
            if (n >= pixels || (valid != null && !valid[n])) {
                int o = start(n);
                for (int j = 0; j < d; j++) {
                    values[o + j * LANES] = values[from + j * LANES];
                }
            }
        }
    }
}
