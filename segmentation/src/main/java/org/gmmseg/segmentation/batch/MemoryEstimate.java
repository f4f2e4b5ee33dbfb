package org.gmmseg.segmentation.batch;

import org.gmmseg.segmentation.features.ColorSpace;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.ImageHeader;

/**
 * What the work of a batch on one image needs in memory at its peak, estimated from the image's
 * header before it is decoded. The peak is the larger of decoding (the reader's raster and gmmseg's
 * copy, {@code 2 x} the decoded samples) and, with the decoded image held, its smoothed copy plus the
 * larger of the fit and the labelling. A fit holds each distinct feature vector a few times (the
 * collected set, the weighted samples, their packed copy and the k-means++ distances: about
 * {@code 32 D + 64} bytes for D features); labelling holds the label image twice (the image and its
 * file's raster), the probabilities ({@code 4 K} bytes a pixel of one plane) and the overlay (of one
 * plane). HMRF-EM ({@code --mrf}) adds, while its sweeps run after the fit, {@code 4 D + 3 + 8 K}
 * bytes a pixel: the features as floats, a validity flag, a label and two sets of K float
 * responsibilities. The pixels of a volume or time series are its voxels: {@link ImageHeader} knows
 * the slices and frames its pages make.
 *
 * <p>How many distinct vectors an image has is known only once it is read: every pixel with
 * {@code +xy}, at most 256 for 8-bit gray, anything up to 16.7 million for 8-bit RGB. So the
 * estimate is a range: {@link #minimum()} counts the vectors that are certain (none for a plain
 * 8-bit photo), {@link #expected()} as many as the image is likely to have (for 8-bit colour a
 * quarter of its pixels, which is generous for photographs). An image that needs more than expected
 * can still run out of memory; a batch then fails that image alone.
 *
 * @param minimum bytes the work needs whatever the image's content: more than Java may use, and
 *     the image is refused before it is decoded
 * @param expected bytes it is likely to need at most; what a batch reserves for the image while it
 *     runs, so that images processed at the same time fit together
 * @param sampling whether fitting on a sample of the pixels ({@code --max-samples}) would lower it
 */
public record MemoryEstimate(long minimum, long expected, boolean sampling) {
    /** Bytes per distinct feature vector of a fit beyond its D features, see the class javadoc. */
    static final long FIT_BYTES_PER_VECTOR = 64;
    static final long FIT_BYTES_PER_FEATURE = 32;

    /**
     * What is done with an image.
     *
     * @param features the features computed (smoothing, +xy, colour space)
     * @param fits whether a model is fitted on the image
     * @param maxSamples the pixels a fit samples (0: all)
     * @param components the largest K of the labels and probabilities; 0 when the image is not labelled
     * @param probabilities whether the probabilities are written
     * @param overlay whether the overlay is written
     * @param mrf whether the labels come from HMRF-EM's sweeps
     */
    public record Work(FeatureSpec features, boolean fits, long maxSamples, int components, boolean probabilities,
            boolean overlay, boolean mrf) {
        /** Work without HMRF-EM. */
        public Work(FeatureSpec features, boolean fits, long maxSamples, int components, boolean probabilities,
                boolean overlay) {
            this(features, fits, maxSamples, components, probabilities, overlay, false);
        }

        /** Reading an image into a pool of samples for a shared model, nothing more. */
        public static Work pooling(FeatureSpec features, long maxSamples) {
            return new Work(features, true, maxSamples, 0, false, false);
        }
    }

    /** The estimate for an image with this header and this work. */
    public static MemoryEstimate of(ImageHeader header, Work work) {
        long pixels = header.pixels();
        long decoded = header.bytes();
        long colourChannels = Math.max(1, header.channels());
        FeatureSpec features = work.features();
        boolean xy = features.hasXy();
        boolean smoothing = features.smoothingSigma() > 0;
        long smoothed = smoothing ? times(pixels, 4 * colourChannels + 17) : 0;

        long dimension = (features.colorSpace() == ColorSpace.CHANNELS ? colourChannels
                : features.colorSpace() == ColorSpace.GRAY || colourChannels < 3 ? 1 : 3)
                + (xy ? features.zCoordinate() ? 3 : 2 : 0);
        long fitMinimum = 0;
        long fitExpected = 0;
        if (work.fits()) {
            long sampled = work.maxSamples() > 0 ? Math.min(pixels, work.maxSamples() + work.maxSamples() / 10)
                    : pixels;
            // nearly every vector differs with coordinates, smoothed (float) values, float or 16-bit colour
            // samples; 8-bit colour photos have far fewer colours than pixels (a quarter is generous: a noisy
            // 25-megapixel scene has 4%), and their levels bound them all
            boolean continuous = xy || smoothing || header.bitDepth() == 32
                    || header.bitDepth() == 16 && colourChannels > 1;
            long likely = colourChannels > 1 ? Math.max(sampled / 4, Math.min(sampled, 1 << 16)) : sampled;
            long possible = continuous ? sampled
                    : Math.min(levels(header.bitDepth(), Math.min(3, colourChannels)), likely);
            long perVector = FIT_BYTES_PER_VECTOR + FIT_BYTES_PER_FEATURE * dimension;
            fitMinimum = xy ? times(sampled, perVector) : 0;
            fitExpected = times(possible, perVector);
        }
        long labelling = 0;
        if (work.components() > 0) {
            labelling = times(pixels, 2L * (work.components() <= 255 ? 1 : 2));
            // probabilities and overlays are computed and written plane by plane
            if (work.probabilities()) {
                labelling += times(header.planePixels(), 4L * work.components() + 4);
            }
            if (work.overlay()) {
                labelling += times(header.planePixels(), 8);
            }
            if (work.mrf()) {
                labelling += times(pixels, 4 * dimension + 3 + 8L * work.components());
            }
        }
        // a smaller sample helps when the fit is the larger part and not already that small
        long suggested = ReadLimits.SUGGESTED_SAMPLES;
        boolean sampling = fitExpected > labelling && pixels > suggested
                && (work.maxSamples() == 0 || work.maxSamples() > suggested);
        long held = decoded + smoothed;
        return new MemoryEstimate(Math.max(times(decoded, 2), held + Math.max(fitMinimum, labelling)),
                Math.max(times(decoded, 2), held + Math.max(fitExpected, labelling)), sampling);
    }

    /** Distinct values of {@code channels} channels of {@code bits}-bit samples, at most Long.MAX_VALUE. */
    private static long levels(int bits, long channels) {
        long levels = 1;
        for (int c = 0; c < channels; c++) {
            levels = times(levels, 1L << Math.min(bits, 32));
        }
        return levels;
    }

    private static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE / 4 : low;
    }
}
