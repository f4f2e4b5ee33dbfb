package org.gmmseg.segmentation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

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
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.features.DistinctSamples;
import org.gmmseg.segmentation.features.FeaturePipeline;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * The feature vectors of images added one at a time, merged into weighted distinct samples, for
 * fitting one model on many images while only one of them is in memory. All images must have the
 * colour-channel count of the first; a smoothing sigma is in the unit of the first image's
 * calibration (pixels when it has none), and later images must be calibrated in that unit or one
 * convertible to it. An image is one sample set whatever its axes: a volume, or a time series with
 * all its frames. {@link Segmenter#fit} is this pool with its images added in
 * list order, so both give the same model for the same images, order and seed.
 *
 * <p>Fits and selections of images of more than 8 bits regularise the covariances relative to
 * the spread of the pooled samples ({@link #regScale(double[], double)}), so that intensities
 * scaled by a positive factor (12 bits in a 16-bit file) give the same labels; the model's
 * {@code fit} block records it (docs/model-format.md).
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
    /** Pixels of the images added as {@link ImageSample#summary() summaries}: their vectors are held elsewhere. */
    private long heldPixels;
    /** Whether images were added with their vectors, and as summaries: a pool is one or the other. */
    private boolean withVectors;
    private boolean asSummaries;
    private int images;
    /** The axes of the images pooled, each once, in order of first appearance. */
    private final List<String> axes = new ArrayList<>();
    private long validPixels;
    private BooleanSupplier cancelled = () -> false;
    /** How many of the images added were 8-bit. */
    private int eightBitImages;
    /** The moments of the vectors held elsewhere ({@link ImageSample#moments()}), summed over their images. */
    private double[] heldMoments;

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
     * pool that adds it must be at the image that takes {@code seed} ({@link #nextSeed}). A
     * smoothing sigma is taken in the image's own unit; pooled after a first image calibrated in
     * another unit, the sample is refused.
     *
     * @throws IllegalArgumentException if the features cannot be computed for its channels
     */
    public static ImageSample sample(ImagePixels image, FeatureSpec spec, long maxSamplesPerImage, long seed) {
        String unit = spec.smoothingSigma() > 0 ? image.calibration().unit() : Calibration.PIXEL;
        FeaturePipeline pipeline = new FeaturePipeline(spec, image.colorChannels(), unit);
        DistinctSamples samples = new DistinctSamples(pipeline.dimension());
        long valid = Segmenter.collect(pipeline.prepare(image), pipeline, maxSamplesPerImage, seed, samples);
        Samples distinct = samples.toSamples();
        double[] counts = new double[distinct.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = distinct.weight(i);
        }
        return new ImageSample(image.colorChannels(), unit, axes(image), seed, pipeline.dimension(), distinct.values(),
                counts, samples.total(), valid, image.eightBit());
    }

    /**
     * A condition asked before every row an {@link #add(ImagePixels)} reads, e.g. a fit monitor's
     * {@code cancelled()}; true stops the add with a {@link java.util.concurrent.CancellationException},
     * and the pool is then not to be used.
     */
    public void setCancellation(BooleanSupplier condition) {
        this.cancelled = condition == null ? () -> false : condition;
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
     * @throws GmmException if the image's colour-channel count differs from the first image's, it has
     *     no Z axis for {@code +xyz}, or its calibration's unit is not one the sigma converts to
     * @throws IllegalArgumentException if the features cannot be computed for its channels
     */
    public void add(ImagePixels image) {
        requireKind(false);
        FeaturePipeline p = pipelineFor(image.colorChannels(), unitOf(image));
        ImagePixels prepared = p.prepare(image);
        start(p);
        validPixels += Segmenter.collect(prepared, pipeline, maxSamplesPerImage, takeSeed(), samples, cancelled);
        addAxes(axes(image));
        withVectors = true;
        eightBitImages += image.eightBit() ? 1 : 0;
        images++;
    }

    /**
     * Adds an image's subsample drawn elsewhere ({@link #sample}); the pool is then as if the image
     * had been added. Or only its {@link ImageSample#summary()}, when the vectors stay where they
     * were drawn: the pool then counts the image and its pixels, and its fit is made there
     * ({@link #fitElsewhere}, {@link #selectElsewhere}). On failure the pool is unchanged.
     *
     * @throws GmmException if the image's colour-channel count differs from the first image's, or its
     *     smoothing sigma was in another unit than the first image's (a subsample drawn elsewhere cannot
     *     be converted; {@link #add(ImagePixels)} converts between length units)
     * @throws IllegalArgumentException if it was drawn with another seed than {@link #nextSeed}
     */
    public void add(ImageSample sample) {
        if (sample.seed() != nextSeed) {
            throw new IllegalArgumentException("the sample was drawn with seed " + sample.seed()
                    + " but the pool's next image takes " + nextSeed);
        }
        requireKind(sample.isSummary());
        FeaturePipeline p = pipelineFor(sample.channels(), sample.smoothingUnit());
        if (!p.smoothingUnit().equals(sample.smoothingUnit())) {
            throw new GmmException("it was smoothed with a sigma in " + sample.smoothingUnit() + " but the images pooled "
                    + "before it in " + p.smoothingUnit() + "; a shared model needs images calibrated in one unit");
        }
        start(p);
        takeSeed();
        if (sample.isSummary()) {
            heldPixels += sample.pixels();
            asSummaries = true;
            double[] m = sample.moments();
            if (heldMoments == null) {
                heldMoments = new double[m.length];
            }
            for (int i = 0; i < m.length; i++) {
                heldMoments[i] += m[i];
            }
        } else {
            sample.addTo(samples);
            withVectors = true;
        }
        addAxes(sample.axes());
        validPixels += sample.validPixels();
        eightBitImages += sample.eightBit() ? 1 : 0;
        images++;
    }

    private void requireKind(boolean summary) {
        if (summary ? withVectors : asSummaries) {
            throw new IllegalStateException("a pool holds either the images' vectors or their summaries, not both");
        }
    }

    /** The unit an image's smoothing sigma is in when it is the first: its calibration's, or pixels. */
    private String unitOf(ImagePixels image) {
        return spec.smoothingSigma() > 0 ? image.calibration().unit() : Calibration.PIXEL;
    }

    /** The pipeline of the first image (made, not kept yet) or of the pool; checks the channels of the others. */
    private FeaturePipeline pipelineFor(int channels, String smoothingUnit) {
        if (pipeline == null) {
            return new FeaturePipeline(spec, channels, smoothingUnit);
        }
        if (channels != pipeline.channels()) {
            throw new GmmException("it has " + channels + " colour channel"
                    + (channels == 1 ? "" : "s") + " but the images pooled before it have " + pipeline.channels()
                    + "; a shared model needs images of one kind (fit gray and colour images separately)");
        }
        return pipeline;
    }

    /** Keeps the first image's pipeline. */
    private void start(FeaturePipeline p) {
        if (pipeline == null) {
            pipeline = p;
            samples = new DistinctSamples(p.dimension());
        }
    }

    private void addAxes(String kind) {
        if (!axes.contains(kind)) {
            axes.add(kind);
        }
    }

    /** The spatial and time axes of an image, e.g. {@code xy}, {@code xyz} or {@code xyzt}. */
    static String axes(ImagePixels image) {
        return "xy" + (image.depth() > 1 ? "z" : "") + (image.frames() > 1 ? "t" : "");
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
        return samples == null ? 0 : samples.total() + heldPixels;
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
        requireSamples(false);
        requireDistinct(options, samples.distinct());
        Samples pooled = samples.toSamples();
        FitOptions relative = options.withRegScale(regScale(pooled));
        return fitted(fitter.apply(pooled, relative), relative, samples.distinct());
    }

    /**
     * Fits a model on the pooled samples where they are held (the images were added as
     * {@link ImageSample#summary() summaries}).
     *
     * @param fitter fits the held samples
     * @param distinct the number of distinct samples held, pooled as {@link DistinctSamples} pools them
     * @throws GmmException when nothing was pooled or the samples cannot support the fit
     */
    public Segmenter.Fit fitElsewhere(FitOptions options, Function<FitOptions, FitResult> fitter, int distinct) {
        requireSamples(true);
        requireDistinct(options, distinct);
        FitOptions relative = options.withRegScale(regScale(heldMoments, heldPixels));
        return fitted(fitter.apply(relative), relative, distinct);
    }

    /** Refuses a fit whose sample, not its images, has fewer distinct vectors than K. */
    private void requireDistinct(FitOptions options, int distinct) {
        if (options.initialModel() == null && pixels() < validPixels && distinct < options.components()) {
            // "only 2 distinct samples" would blame the image for what the sample size did
            throw new GmmException(sampleSize() + " drew only " + distinct
                    + " distinct feature vector" + (distinct == 1 ? "" : "s") + " (of " + validPixels
                    + " valid pixels) for K=" + options.components() + "; sample more pixels (--max-samples), or 0 "
                    + "for every pixel");
        }
    }

    private Segmenter.Fit fitted(FitResult result, FitOptions options, int distinct) {
        SegmentationModel model = new SegmentationModel(result.model(), pipeline, FitSummary.of(result, options))
                .withAxes(axes).withEightBit(eightBit());
        return new Segmenter.Fit(model, result, pixels(), distinct);
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
        requireSamples(false);
        Samples pooled = samples.toSamples();
        SelectionOptions relative = options.withFit(options.fit().withRegScale(regScale(pooled)));
        return selected(ModelSelection.select(pooled, relative, listener), relative, samples.distinct());
    }

    /**
     * Chooses the number of components and the covariance type where the pooled samples are held,
     * as {@link #select} does.
     *
     * @param selector runs the selection on the held samples
     * @param distinct the number of distinct samples held
     * @throws GmmException when nothing was pooled or no candidate could be fitted
     */
    public Segmenter.Fit selectElsewhere(SelectionOptions options,
            Function<SelectionOptions, SelectionResult> selector, int distinct) {
        requireSamples(true);
        SelectionOptions relative = options.withFit(options.fit().withRegScale(regScale(heldMoments, heldPixels)));
        return selected(selector.apply(relative), relative, distinct);
    }

    private Segmenter.Fit selected(SelectionResult selection, SelectionOptions options, int distinct) {
        FitResult result = selection.fitResult();
        SegmentationModel model = new SegmentationModel(result.model(), pipeline, FitSummary.of(selection, options.fit()),
                SelectionTable.of(selection)).withAxes(axes).withEightBit(eightBit());
        return new Segmenter.Fit(model, result, pixels(), distinct);
    }

    /**
     * A fit or a selection, as the options say ({@link SegmentationOptions#selecting()}).
     *
     * @throws GmmException when nothing was pooled or the samples cannot support the fit
     */
    public Segmenter.Fit fit(SegmentationOptions options) {
        return options.selecting() ? select(options.selection(), c -> { }) : fit(options.fit());
    }

    /** The regularisation of a fit of the pooled samples ({@link #regScale(double[], double)}). */
    RegularizationScale regScale(Samples pooled) {
        int d = pooled.dimension();
        double[] counts = new double[pooled.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = pooled.weight(i);
        }
        return regScale(ImageSample.moments(pooled.values(), counts, d), pooled.totalWeight());
    }

    /**
     * The unit of regCovar per feature, from the pooled samples' moments. Pools of 8-bit images
     * only keep scikit-learn's absolute regCovar: their format fixes the scale (and their labels
     * stay as they were). Otherwise (16-bit, float, mixed) the squared effective
     * range, 12 times the variance (the width^2 of a uniform spread of that variance), so that
     * data spread evenly over the type's range [0, 1] keep about scikit-learn's absolute regCovar.
     * The colour features share the mean of their variances: a positive scale of the intensities
     * scales it by its square, and a nearly constant channel (a blank blue channel) is not
     * regularised down to its quantisation noise. The coordinates of +xy, which a rescale of the
     * intensities leaves alone, take their own. Rounded to 6 significant digits, so that pools
     * summed in another order (on a cluster) record the same.
     *
     * @param moments sum w x_j for each feature j, then sum w x_j^2
     */
    RegularizationScale regScale(double[] moments, double total) {
        if (Boolean.TRUE.equals(eightBit())) {
            return RegularizationScale.ABSOLUTE; // the format fixes the scale: 0..255 is always [0, 1]
        }
        int d = moments.length / 2;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = moments[j] / total;
            v[j] = Math.max(0, moments[d + j] / total - mean * mean);
        }
        int colour = d - (spec.hasXy() ? (spec.zCoordinate() ? 3 : 2) : 0);
        double mean = 0;
        for (int j = 0; j < colour; j++) {
            mean += v[j] / colour;
        }
        double[] s = new double[d];
        for (int j = 0; j < d; j++) {
            double x = 12 * (j < colour ? mean : v[j]);
            s[j] = x > 0 ? new BigDecimal(x).round(new MathContext(6)).doubleValue() : 0;
        }
        return RegularizationScale.ofVariances(s);
    }

    /** True when every image added was 8-bit, false when none was, null when mixed. */
    private Boolean eightBit() {
        return images == 0 ? null : eightBitImages == images ? Boolean.TRUE : eightBitImages == 0 ? Boolean.FALSE : null;
    }

    /** @param held whether the fit is to be made where the samples are held */
    private void requireSamples(boolean held) {
        if (images == 0) {
            throw new GmmException("no images to fit");
        }
        if (held ? withVectors : asSummaries) {
            throw new IllegalStateException(held ? "the pool holds its samples; fit them here"
                    : "the pool's samples are held where they were drawn; fit them there");
        }
        if (validPixels == 0) {
            throw new GmmException("no valid pixels (all are transparent or NaN)");
        }
        if (pixels() == 0) {
            throw new GmmException(sampleSize() + " drew none of the " + validPixels
                    + " valid pixels; sample more pixels (--max-samples), or 0 for every pixel");
        }
    }

    private String sampleSize() {
        return "the random sample of about " + maxSamplesPerImage + " pixel" + (maxSamplesPerImage == 1 ? "" : "s")
                + " per image";
    }
}
