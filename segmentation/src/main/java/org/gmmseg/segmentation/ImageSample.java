package org.gmmseg.segmentation;

import java.io.Serializable;

import org.gmmseg.segmentation.features.DistinctSamples;

/**
 * The seeded subsample of one image's feature vectors, de-duplicated, computed where the image is
 * ({@link SamplePool#sample}) and pooled elsewhere ({@link SamplePool#add(ImageSample)}): its
 * distinct vectors in the order of their first occurrence, each with its count. Immutable; the
 * arrays are not copied, so neither the maker nor the pool modifies them.
 */
public final class ImageSample implements Serializable {
    private static final long serialVersionUID = 3L;

    private final int channels;
    private final long seed;
    private final int dimension;
    private final double[] values;
    private final double[] counts;
    private final long pixels;
    private final long validPixels;
    private final boolean eightBit;

    ImageSample(int channels, long seed, int dimension, double[] values, double[] counts, long pixels,
            long validPixels, boolean eightBit) {
        this.channels = channels;
        this.seed = seed;
        this.dimension = dimension;
        this.values = values;
        this.counts = counts;
        this.pixels = pixels;
        this.validPixels = validPixels;
        this.eightBit = eightBit;
    }

    /** Whether the image was 8-bit ({@link org.gmmseg.segmentation.features.ImagePixels#eightBit()}). */
    public boolean eightBit() {
        return eightBit;
    }

    /** The image's colour channels. */
    public int channels() {
        return channels;
    }

    /** The seed the subsample was drawn with. */
    public long seed() {
        return seed;
    }

    /** Number of distinct vectors. */
    public int distinct() {
        return counts.length;
    }

    /** Number of pixels sampled. */
    public long pixels() {
        return pixels;
    }

    /** Number of valid pixels of the image, sampled or not. */
    public long validPixels() {
        return validPixels;
    }

    void addTo(DistinctSamples into) {
        for (int i = 0; i < counts.length; i++) {
            into.add(values, i * dimension, (long) counts[i]);
        }
    }
}
