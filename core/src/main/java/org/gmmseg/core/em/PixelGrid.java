package org.gmmseg.core.em;

import java.io.Serializable;
import java.util.Arrays;

import org.gmmseg.core.GmmException;

/**
 * The neighbourhood of a hidden Markov random field ({@link HmrfFitter}): pixels on a grid of
 * sizes n_0 x n_1 x ... (axis 0 fastest, so pixel (x, y, z) is index x + n_0 (y + n_1 z)), each
 * with its two neighbours along every axis: the 4-neighbourhood of a plane, the 6-neighbourhood of
 * a volume. A time series is one more axis of weight 0 ({@link #withFrames}): frames are not
 * neighbours, but share the model.
 *
 * <p>Each axis carries a weight w_a on the Potts interaction of a pair of neighbours along it. By
 * default every weight is 1; {@link #withSpacing} makes w_a = s_min / s_a for the physical spacing
 * s_a, so neighbours twice as far apart (e.g. slices 2 um apart under pixels 1 um wide) interact
 * half as strongly, and a plane's weights stay 1.
 *
 * <p>Immutable.
 */
public final class PixelGrid implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final int[] strides;
    private final double[] weights;
    private final int pixels;

    private PixelGrid(int[] sizes, double[] weights) {
        if (sizes.length < 1) {
            throw new GmmException("a pixel grid needs at least one axis");
        }
        this.sizes = sizes.clone();
        this.strides = new int[sizes.length];
        long n = 1;
        for (int a = 0; a < sizes.length; a++) {
            if (sizes[a] < 1) {
                throw new GmmException("a pixel grid's sizes must be at least 1, got " + Arrays.toString(sizes));
            }
            strides[a] = (int) n;
            n *= sizes[a];
            if (n > Integer.MAX_VALUE - 8) {
                throw new GmmException("a pixel grid of " + Arrays.toString(sizes) + " has more than 2^31 pixels");
            }
        }
        this.pixels = (int) n;
        this.weights = weights.clone();
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new GmmException("neighbour weights must be finite and >= 0, got " + Arrays.toString(weights));
            }
        }
    }

    /** A grid of the given sizes (axis 0 fastest) with every neighbour weight 1. */
    public static PixelGrid of(int... sizes) {
        double[] w = new double[sizes.length];
        Arrays.fill(w, 1);
        return new PixelGrid(sizes, w);
    }

    /**
     * This grid with neighbour weights w_a = s_min / s_a from the physical spacing (pixel size) of
     * each axis.
     *
     * @throws GmmException unless there is one positive finite spacing per axis
     */
    public PixelGrid withSpacing(double... spacing) {
        if (spacing.length != sizes.length) {
            throw new GmmException("a grid of " + sizes.length + " axes needs " + sizes.length + " spacings, got "
                    + spacing.length);
        }
        double min = Double.POSITIVE_INFINITY;
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new GmmException("pixel spacings must be finite and > 0, got " + Arrays.toString(spacing));
            }
            min = Math.min(min, s);
        }
        double[] w = new double[spacing.length];
        for (int a = 0; a < w.length; a++) {
            w[a] = min / spacing[a];
        }
        return new PixelGrid(sizes, w);
    }

    /**
     * This grid repeated over {@code frames} frames along a last axis of weight 0, so that the
     * frames of a time series are fitted together but are not each other's neighbours.
     */
    public PixelGrid withFrames(int frames) {
        int[] s = Arrays.copyOf(sizes, sizes.length + 1);
        s[sizes.length] = frames;
        return new PixelGrid(s, Arrays.copyOf(weights, weights.length + 1));
    }

    /** Number of axes. */
    public int axes() {
        return sizes.length;
    }

    /** n_a, the pixels along axis a. */
    public int size(int axis) {
        return sizes[axis];
    }

    /** Index distance of neighbours along axis a: n_0 n_1 ... n_(a-1). */
    public int stride(int axis) {
        return strides[axis];
    }

    /** w_a, the weight of the interaction of neighbours along axis a. */
    public double weight(int axis) {
        return weights[axis];
    }

    /** Number of pixels, the product of the sizes. */
    public int pixels() {
        return pixels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelGrid g && Arrays.equals(sizes, g.sizes) && Arrays.equals(weights, g.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sizes) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "PixelGrid" + Arrays.toString(sizes) + " weights " + Arrays.toString(weights);
    }
}
