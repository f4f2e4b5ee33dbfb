package org.gmmseg.segmentation;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.RegularizationScale;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.select.Candidate;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionResult;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.features.DistinctSamples;
import org.gmmseg.segmentation.features.FeaturePipeline;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * The feature vectors of images added one at a time, merged into weighted distinct samples, for
 * fitting one model on many images while only one of them is in memory. All images must have the
 * colour-channel count of the first. {@link Segmenter#fit} is this pool with its images added in
 * list order, so both give the same model for the same images, order and seed.
 *
 * <p>Fits and selections regularise the covariances relative to the spread of the pooled samples
 * ({@link #regScale}): regCovar is then a fraction of the features' squared effective range
 * rather than an absolute amount, so that images whose intensities differ by a positive factor
 * (12-bit data in a 16-bit file, or the same data scaled) get the same labels; the model's
 * {@code fit} block records the scales (docs/model-format.md).
 *
 * <p>Image i (counting successful {@link #add}s) is subsampled with the i-th value of a generator
 * seeded with {@code seed}. Not thread-safe.
 */
public final class SamplePool {
    private final FeatureSpec spec;
    private final long maxSamplesPerImage;
    private final long seed;
    private final SplittableRandom seeds;
    /** Seeds drawn from {@link #seeds} so far, the look-ahead {@link #nextSeed} included. */
    private long drawn;
    /** The seed of the next image's subsample, drawn ahead so that {@link #nextSeed} can tell it. */
    private long nextSeed;
    private FeaturePipeline pipeline;
    private DistinctSamples samples;
    private int images;
    private long validPixels;
    /** How many of the images added were 8-bit. */
    private int eightBitImages;

    /**
     * @param maxSamplesPerImage 0 to use every pixel; otherwise an image with more valid pixels
     *     contributes a seeded random subsample of about this many
     * @param seed seed of the subsampling (use the fit's seed to reproduce {@link Segmenter#fit})
     */
    public SamplePool(FeatureSpec spec, long maxSamplesPerImage, long seed) {
        if (spec == null) {
            throw new IllegalArgumentException("features must be given");
        }
        if (maxSamplesPerImage < 0) {
            throw new IllegalArgumentException("maxSamplesPerImage must be >= 0, got " + maxSamplesPerImage);
        }
        this.spec = spec;
        this.maxSamplesPerImage = maxSamplesPerImage;
        this.seed = seed;
        this.seeds = new SplittableRandom(seed);
        this.nextSeed = seeds.nextLong();
        this.drawn = 1;
    }

    /**
     * The subsample of one image as {@link #add(ImagePixels)} draws it, for pooling elsewhere: the
     * pool that adds it must be at the image that takes {@code seed} ({@link #nextSeed}).
     *
     * @throws IllegalArgumentException if the features cannot be computed for its channels
     */
    public static ImageSample sample(ImagePixels image, FeatureSpec spec, long maxSamplesPerImage, long seed) {
        FeaturePipeline pipeline = new FeaturePipeline(spec, image.colorChannels());
        DistinctSamples samples = new DistinctSamples(pipeline.dimension());
        long valid = Segmenter.collect(image.smoothed(spec.smoothingSigma()), pipeline, maxSamplesPerImage, seed,
                samples);
        Samples distinct = samples.toSamples();
        double[] counts = new double[distinct.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = distinct.weight(i);
        }
        return new ImageSample(image.colorChannels(), seed, pipeline.dimension(), distinct.values(), counts,
                samples.total(), valid, image.eightBit());
    }

    /** The seed the next image added will be subsampled with. */
    public long nextSeed() {
        return nextSeed;
    }

    /**
     * The seeds the next {@code count} images will be subsampled with if each of them is added:
     * an image that fails to be added takes none, and the images after it take the seeds one
     * earlier.
     */
    public long[] nextSeeds(int count) {
        SplittableRandom ahead = new SplittableRandom(seed);
        for (long i = 1; i < drawn; i++) {
            ahead.nextLong();
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = ahead.nextLong();
        }
        return out;
    }

    /** The features the images are pooled with. */
    public FeatureSpec features() {
        return spec;
    }

    /** The subsample size per image (0: every pixel). */
    public long maxSamplesPerImage() {
        return maxSamplesPerImage;
    }

    /**
     * Adds the valid pixels of an image (smoothed as the features say). On failure the pool is
     * unchanged.
     *
     * @throws GmmException if the image's colour-channel count differs from the first image's
     * @throws IllegalArgumentException if the features cannot be computed for its channels
     */
    public void add(ImagePixels image) {
        accept(image.colorChannels());
        validPixels += Segmenter.collect(image.smoothed(spec.smoothingSigma()), pipeline, maxSamplesPerImage,
                takeSeed(), samples);
        eightBitImages += image.eightBit() ? 1 : 0;
        images++;
    }

    /**
     * Adds an image's subsample drawn elsewhere ({@link #sample}); the pool is then as if the image
     * had been added. On failure the pool is unchanged.
     *
     * @throws GmmException if the image's colour-channel count differs from the first image's
     * @throws IllegalArgumentException if it was drawn with another seed than {@link #nextSeed}
     */
    public void add(ImageSample sample) {
        if (sample.seed() != nextSeed) {
            throw new IllegalArgumentException("the sample was drawn with seed " + sample.seed()
                    + " but the pool's next image takes " + nextSeed);
        }
        accept(sample.channels());
        takeSeed();
        sample.addTo(samples);
        validPixels += sample.validPixels();
        eightBitImages += sample.eightBit() ? 1 : 0;
        images++;
    }

    /** Makes the pipeline of the first image; checks the channels of the others. */
    private void accept(int channels) {
        if (pipeline == null) {
            FeaturePipeline first = new FeaturePipeline(spec, channels);
            pipeline = first;
            samples = new DistinctSamples(first.dimension());
        } else if (channels != pipeline.channels()) {
            throw new GmmException("it has " + channels + " colour channel"
                    + (channels == 1 ? "" : "s") + " but the images pooled before it have " + pipeline.channels()
                    + "; a shared model needs images of one kind (fit gray and colour images separately)");
        }
    }

    private long takeSeed() {
        long taken = nextSeed;
        nextSeed = seeds.nextLong();
        drawn++;
        return taken;
    }

    /** Number of images added. */
    public int images() {
        return images;
    }

    /** Number of pixels pooled so far. */
    public long pixels() {
        return samples == null ? 0 : samples.total();
    }

    /**
     * Fits a model on the pooled samples.
     *
     * @throws GmmException when nothing was pooled or the samples cannot support the fit (e.g.
     *     fewer distinct colours than K)
     */
    public Segmenter.Fit fit(FitOptions options) {
        return fit(options, EmFitter::fit);
    }

    /**
     * Fits a model on the pooled samples with the given fitter, e.g. one whose EM passes run on
     * other machines; {@link EmFitter#fit(Samples, FitOptions)} gives {@link #fit(FitOptions)}.
     *
     * @throws GmmException when nothing was pooled or the samples cannot support the fit
     */
    public Segmenter.Fit fit(FitOptions options, BiFunction<Samples, FitOptions, FitResult> fitter) {
        requireSamples();
        if (options.initialModel() == null && samples.total() < validPixels
                && samples.distinct() < options.components()) {
            // "only 2 distinct samples" would blame the image for what the sample size did
            throw new GmmException(sampleSize() + " drew only " + samples.distinct()
                    + " distinct feature vector" + (samples.distinct() == 1 ? "" : "s") + " (of " + validPixels
                    + " valid pixels) for K=" + options.components() + "; sample more pixels (--max-samples), or 0 "
                    + "for every pixel");
        }
        Samples pooled = samples.toSamples();
        FitOptions relative = options.withRegScale(regScale(pooled));
        FitResult result = fitter.apply(pooled, relative);
        SegmentationModel model = new SegmentationModel(result.model(), pipeline, FitSummary.of(result, relative))
                .withEightBit(eightBit());
        return new Segmenter.Fit(model, result, samples.total(), samples.distinct());
    }

    /**
     * Chooses the number of components and the covariance type by fitting every candidate on the
     * pooled (distinct, weighted) samples ({@link ModelSelection}). The model carries the table of
     * candidates ({@link SegmentationModel#selection()}).
     *
     * @param listener told of each candidate as it is settled, possibly on other threads (see
     *     {@link ModelSelection#select(org.gmmseg.core.Samples, SelectionOptions, Consumer)})
     * @throws GmmException when nothing was pooled or no candidate could be fitted
     */
    public Segmenter.Fit select(SelectionOptions options, Consumer<Candidate> listener) {
        requireSamples();
        Samples pooled = samples.toSamples();
        SelectionOptions relative = options.withFit(options.fit().withRegScale(regScale(pooled)));
        SelectionResult selection = ModelSelection.select(pooled, relative, listener);
        FitResult result = selection.fitResult();
        SegmentationModel model = new SegmentationModel(result.model(), pipeline, FitSummary.of(selection, relative.fit()),
                SelectionTable.of(selection)).withEightBit(eightBit());
        return new Segmenter.Fit(model, result, samples.total(), samples.distinct());
    }

    /**
     * A fit or a selection, as the options say ({@link SegmentationOptions#selecting()}).
     *
     * @throws GmmException when nothing was pooled or the samples cannot support the fit
     */
    public Segmenter.Fit fit(SegmentationOptions options) {
        return options.selecting() ? select(options.selection(), c -> { }) : fit(options.fit());
    }

    /**
     * The unit of regCovar per feature: the squared effective range, 12 times the variance (the
     * width^2 of a uniform spread of that variance), so that data spread evenly over the type's
     * range [0, 1] keep scikit-learn's absolute regCovar. The colour features share the mean of
     * their variances: a positive scale of the intensities scales it by its square, and a nearly
     * constant channel (a blank blue channel) is not regularised down to its own quantisation
     * noise. The coordinates of +xy, which a rescale of the intensities does not change, take
     * their own.
     */
    RegularizationScale regScale(Samples pooled) {
        double[] v = pooled.variances();
        int colour = v.length - (spec.hasXy() ? 2 : 0);
        double mean = 0;
        for (int j = 0; j < colour; j++) {
            mean += v[j] / colour;
        }
        double[] s = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            s[j] = 12 * (j < colour ? mean : v[j]);
        }
        return RegularizationScale.ofVariances(s);
    }

    /** True when every image added was 8-bit, false when none was, null when mixed. */
    private Boolean eightBit() {
        return eightBitImages == images ? Boolean.TRUE : eightBitImages == 0 ? Boolean.FALSE : null;
    }

    private void requireSamples() {
        if (images == 0) {
            throw new GmmException("no images to fit");
        }
        if (validPixels == 0) {
            throw new GmmException("no valid pixels (all are transparent or NaN)");
        }
        if (samples.total() == 0) {
            throw new GmmException(sampleSize() + " drew none of the " + validPixels
                    + " valid pixels; sample more pixels (--max-samples), or 0 for every pixel");
        }
    }

    private String sampleSize() {
        return "the random sample of about " + maxSamplesPerImage + " pixel" + (maxSamplesPerImage == 1 ? "" : "s")
                + " per image";
    }
}
