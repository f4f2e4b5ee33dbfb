package org.gmmseg.segmentation;

import java.io.Serializable;

import org.gmmseg.segmentation.features.DistinctSamples;

/**
 * The seeded subsample of one image's feature vectors, de-duplicated, computed where the image is
 * ({@link SamplePool#sample}) and pooled elsewhere ({@link SamplePool#add(ImageSample)}): its
 * distinct vectors in the order of their first occurrence, each with its count. Or only its
 * {@link #summary()}, for a pool whose vectors are held where they were drawn. Immutable; the
 * arrays are not copied, so neither the maker nor the pool nor any reader modifies them.
 */
public final class ImageSample implements Serializable {
    private static final long serialVersionUID = 5L;

    private final int channels;
    private final String smoothingUnit;
    private final String axes;
    private final long seed;
    private final int dimension;
    private final double[] values;
    private final double[] counts;
    private final long pixels;
    private final long validPixels;
    private final int distinct;
    private final boolean eightBit;
    /** sum_i c_i x_ij for each feature j, then sum_i c_i x_ij^2: what a pool's regularisation needs. */
    private final double[] moments;

    ImageSample(int channels, String smoothingUnit, String axes, long seed, int dimension, double[] values,
            double[] counts, long pixels, long validPixels, boolean eightBit) {
        this(channels, smoothingUnit, axes, seed, dimension, values, counts, pixels, validPixels, counts.length,
                eightBit, moments(values, counts, dimension));
    }

    private ImageSample(int channels, String smoothingUnit, String axes, long seed, int dimension, double[] values,
            double[] counts, long pixels, long validPixels, int distinct, boolean eightBit, double[] moments) {
        this.channels = channels;
        this.smoothingUnit = smoothingUnit;
        this.axes = axes;
        this.seed = seed;
        this.dimension = dimension;
        this.values = values;
        this.counts = counts;
        this.pixels = pixels;
        this.validPixels = validPixels;
        this.distinct = distinct;
        this.eightBit = eightBit;
        this.moments = moments;
    }

    /** The weighted first and second moments of the vectors, 2D values ({@link #moments}). */
    static double[] moments(double[] values, double[] counts, int d) {
        double[] m = new double[2 * d];
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < d; j++) {
                double x = values[i * d + j];
                m[j] += counts[i] * x;
                m[d + j] += counts[i] * x * x;
            }
        }
        return m;
    }

    /** Whether the image was 8-bit ({@link org.gmmseg.segmentation.features.ImagePixels#eightBit()}). */
    public boolean eightBit() {
        return eightBit;
    }

    /** sum c x_j, then sum c x_j^2, over the distinct vectors with their counts c; kept by a summary; not a copy. */
    double[] moments() {
        return moments;
    }

    /** The image's colour channels. */
    public int channels() {
        return channels;
    }

    /** The unit the smoothing sigma was taken in: the image's calibration's, or pixels. */
    public String smoothingUnit() {
        return smoothingUnit;
    }

    /** The image's spatial and time axes, e.g. {@code xyz} ({@link SegmentationModel#axes()}). */
    public String axes() {
        return axes;
    }

    /** The seed the subsample was drawn with. */
    public long seed() {
        return seed;
    }

    /** Number of distinct vectors. */
    public int distinct() {
        return distinct;
    }

    /** Number of pixels sampled. */
    public long pixels() {
        return pixels;
    }

    /** Number of valid pixels of the image, sampled or not. */
    public long validPixels() {
        return validPixels;
    }

    /** Number of features D. */
    public int dimension() {
        return dimension;
    }

    /** The distinct vectors, D values each, in the order of their first occurrence; not a copy. */
    public double[] values() {
        requireVectors();
        return values;
    }

    /** The count of each distinct vector (whole numbers); not a copy. */
    public double[] counts() {
        requireVectors();
        return counts;
    }

    /**
     * The sample without its vectors (channels, smoothing unit, axes, seed, dimension, counts of vectors and pixels):
     * what a pool needs of an image whose vectors stay where they were drawn.
     */
    public ImageSample summary() {
        return new ImageSample(channels, smoothingUnit, axes, seed, dimension, null, null, pixels, validPixels,
                distinct(), eightBit, moments);
    }

    /** Whether this is only a {@link #summary()}. */
    public boolean isSummary() {
        return values == null;
    }

    private void requireVectors() {
        if (values == null) {
            throw new IllegalStateException("a summary has no vectors");
        }
    }

    void addTo(DistinctSamples into) {
        requireVectors();
        for (int i = 0; i < counts.length; i++) {
            into.add(values, i * dimension, (long) counts[i]);
        }
    }
}
