package org.gmmseg.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GmmException;
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
 * <p>Image i (counting successful {@link #add}s) is subsampled with the i-th value of a generator
 * seeded with {@code seed}. Not thread-safe.
 */
public final class SamplePool {
    private final FeatureSpec spec;
    private final long maxSamplesPerImage;
    private final SplittableRandom seeds;
    private FeaturePipeline pipeline;
    private DistinctSamples samples;
    private int images;
    /** The axes of the images pooled, each once, in order of first appearance. */
    private final List<String> axes = new ArrayList<>();

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
        this.seeds = new SplittableRandom(seed);
    }

    /**
     * Adds the valid pixels of an image (smoothed as the features say). On failure the pool is
     * unchanged.
     *
     * @throws GmmException if the image's colour-channel count differs from the first image's
     * @throws IllegalArgumentException if the features cannot be computed for its channels
     */
    public void add(ImagePixels image) {
        FeaturePipeline p = pipeline;
        if (p == null) {
            // the sigma is in the first image's unit: physical when it is calibrated, else pixels
            p = new FeaturePipeline(spec, image.colorChannels(),
                    spec.smoothingSigma() > 0 ? image.calibration().unit() : Calibration.PIXEL);
        } else if (image.colorChannels() != p.channels()) {
            throw new GmmException("it has " + image.colorChannels() + " colour channel"
                    + (image.colorChannels() == 1 ? "" : "s") + " but the images pooled before it have " + p.channels()
                    + "; a shared model needs images of one kind (fit gray and colour images separately)");
        }
        ImagePixels prepared = p.prepare(image);
        if (samples == null) {
            samples = new DistinctSamples(p.dimension());
        }
        pipeline = p;
        Segmenter.collect(prepared, p, maxSamplesPerImage, seeds.nextLong(), samples);
        String kind = axes(image);
        if (!axes.contains(kind)) {
            axes.add(kind);
        }
        images++;
    }

    /** The spatial and time axes of an image, e.g. {@code xy}, {@code xyz} or {@code xyzt}. */
    static String axes(ImagePixels image) {
        return "xy" + (image.depth() > 1 ? "z" : "") + (image.frames() > 1 ? "t" : "");
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
        requireSamples();
        FitResult result = EmFitter.fit(samples.toSamples(), options);
        SegmentationModel model = new SegmentationModel(result.model(), pipeline, FitSummary.of(result, options.seed()))
                .withAxes(axes);
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
        SelectionResult selection = ModelSelection.select(samples.toSamples(), options, listener);
        FitResult result = selection.fitResult();
        SegmentationModel model = new SegmentationModel(result.model(), pipeline,
                FitSummary.of(result, options.fit().seed()), SelectionTable.of(selection)).withAxes(axes);
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

    private void requireSamples() {
        if (images == 0) {
            throw new GmmException("no images to fit");
        }
        if (samples.total() == 0) {
            throw new GmmException("no valid pixels (all are transparent or NaN)");
        }
    }
}
