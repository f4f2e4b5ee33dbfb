package org.gmmseg.segmentation;

import java.util.List;
import java.util.SplittableRandom;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.em.MixtureEvaluator;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.features.DistinctSamples;
import org.gmmseg.segmentation.features.FeaturePipeline;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * Fits segmentation models on images and labels images with them. Labelling streams over the
 * image in bands of rows: memory is a few rows of features, never pixels x components.
 * Stateless; thread-safe.
 */
public final class Segmenter {
    /** Rows per labelling chunk: enough work per task, small buffers. */
    private static final int BAND = 16;

    private Segmenter() {
    }

    /**
     * Fits a model on the valid pixels of one or more images (a shared model when several).
     * Identical feature vectors are merged into weighted samples first, which gives exactly the
     * all-pixels fit (docs/em-derivation.md, weighted samples).
     *
     * @param maxSamplesPerImage 0 to use every pixel; otherwise an image with more valid pixels
     *     contributes a seeded random subsample of about this many
     * @throws GmmException when the pixels cannot support the fit (e.g. fewer distinct colours than K)
     */
    public static Fit fit(List<ImagePixels> images, FeatureSpec spec, FitOptions options, long maxSamplesPerImage) {
        return pool(images, spec, maxSamplesPerImage, options.seed()).fit(options);
    }

    /**
     * Fits a model on the valid pixels of one or more images as the options say: with their
     * {@link SegmentationOptions#fit() fit options}, or, when they hold several candidates, by
     * model selection on the pooled distinct pixels ({@link SamplePool#select}).
     *
     * @throws GmmException when the pixels cannot support the fit (e.g. fewer distinct colours
     *     than K), or no candidate could be fitted
     */
    public static Fit fit(List<ImagePixels> images, SegmentationOptions options) {
        return pool(images, options.features(), options.maxSamples(), options.fit().seed()).fit(options);
    }

    /**
     * Chooses the number of components and the covariance type on the valid pixels of one or more
     * images by model selection ({@link SamplePool#select}); the model carries the table.
     *
     * @param maxSamplesPerImage as for {@link #fit(List, FeatureSpec, FitOptions, long)}
     * @throws GmmException when no candidate could be fitted
     */
    public static Fit select(List<ImagePixels> images, FeatureSpec spec, SelectionOptions options,
            long maxSamplesPerImage) {
        return pool(images, spec, maxSamplesPerImage, options.fit().seed()).select(options, c -> { });
    }

    private static SamplePool pool(List<ImagePixels> images, FeatureSpec spec, long maxSamplesPerImage, long seed) {
        if (images.isEmpty()) {
            throw new GmmException("no images to fit");
        }
        int channels = images.get(0).colorChannels();
        SamplePool pool = new SamplePool(spec, maxSamplesPerImage, seed);
        for (int i = 0; i < images.size(); i++) {
            ImagePixels image = images.get(i);
            if (image.colorChannels() != channels) {
                throw new GmmException("image " + (i + 1) + " has " + image.colorChannels() + " channels but the first has "
                        + channels + "; a shared model needs images of one kind");
            }
            pool.add(image);
        }
        return pool;
    }

    /**
     * The outcome of {@link #fit} and {@link SamplePool#fit}.
     *
     * @param model the segmentation model, components in label order
     * @param result the EM result (its model in the fitter's component order)
     * @param pixels number of pixels used
     * @param distinct number of distinct feature vectors among them
     */
    public record Fit(SegmentationModel model, FitResult result, long pixels, int distinct) {
    }

    /**
     * Adds the valid pixels of an image, or a seeded subsample of about maxSamples of them, to the samples.
     *
     * @return the number of valid pixels of the image (all of them, not only those sampled)
     */
    static long collect(ImagePixels image, FeaturePipeline pipeline, long maxSamples, long seed,
            DistinctSamples into) {
        int w = image.width();
        int h = image.height();
        int d = pipeline.dimension();
        double[][] row = new double[image.colorChannels()][w];
        boolean[] valid = new boolean[w];
        double[] features = new double[w * d];
        double keep = 1;
        long validCount = 0;
        if (maxSamples > 0 && (long) w * h > maxSamples) {
            long count = 0;
            for (int y = 0; y < h; y++) {
                image.readRow(y, row, valid);
                for (int x = 0; x < w; x++) {
                    count += valid[x] ? 1 : 0;
                }
            }
            keep = count > maxSamples ? (double) maxSamples / count : 1;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int extent = Math.max(w, h);
        for (int y = 0; y < h; y++) {
            image.readRow(y, row, valid);
            pipeline.compute(row, y, w, extent, features);
            for (int x = 0; x < w; x++) {
                if (valid[x]) {
                    validCount++;
                    if (keep >= 1 || rng.nextDouble() < keep) {
                        into.add(features, x * d);
                    }
                }
            }
        }
        return validCount;
    }

    /**
     * Labels every pixel with its most responsible component (argmax of eq. 5) plus one; excluded
     * pixels (alpha 0, NaN) get 0.
     *
     * @param out X x Y labels, written (needs to hold K; 8-bit for K &lt;= 255)
     */
    public static void label(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends IntegerType<?>> out, int threads) {
        requireCompatible(image, model, out);
        forEachBand(image, model, threads, (y, features, valid, width, evaluator, buffer) -> {
            int[] labels = buffer.labels;
            evaluator.predict(features, 0, width, labels, 0);
            RandomAccess<? extends IntegerType<?>> ra = out.randomAccess();
            ra.setPosition(out.min(0), 0);
            ra.setPosition(out.min(1) + y, 1);
            for (int x = 0; x < width; x++) {
                ra.get().setInteger(valid[x] ? labels[x] + 1 : 0);
                ra.fwd(0);
            }
        });
    }

    /**
     * Writes the responsibilities (eq. 5) of every component: out is X x Y x K; excluded pixels get NaN.
     */
    public static void probabilities(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends RealType<?>> out, int threads) {
        requireCompatible(image, model, out);
        int k = model.components();
        if (out.numDimensions() != 3 || out.dimension(2) != k) {
            throw new IllegalArgumentException("probabilities need an X x Y x " + k + " output");
        }
        forEachBand(image, model, threads, (y, features, valid, width, evaluator, buffer) -> {
            double[] p = buffer.probabilities;
            evaluator.predictProba(features, 0, width, p, 0);
            RandomAccess<? extends RealType<?>> ra = out.randomAccess();
            for (int x = 0; x < width; x++) {
                ra.setPosition(out.min(0) + x, 0);
                ra.setPosition(out.min(1) + y, 1);
                for (int c = 0; c < k; c++) {
                    ra.setPosition(out.min(2) + c, 2);
                    ra.get().setReal(valid[x] ? p[x * k + c] : Double.NaN);
                }
            }
        });
    }

    /**
     * The mean log-likelihood per valid pixel, (1/N) sum_n log p(x_n) (eq. 6), over the valid
     * pixels of evenly spaced rows: every row when the image has at most {@code maxPixels} pixels,
     * else about that many. Chunk sums are added in order, so the result does not depend on threads.
     *
     * @return {mean (NaN when no pixel was valid), number of pixels scored}
     */
    static double[] meanLogLikelihood(ImagePixels image, SegmentationModel model, long maxPixels, int threads) {
        requireCompatible(image, model);
        ImagePixels pixels = image.smoothed(model.features().smoothingSigma());
        FeaturePipeline pipeline = model.pipeline();
        int w = pixels.width();
        int h = pixels.height();
        int d = pipeline.dimension();
        int extent = Math.max(w, h);
        int stride = (int) Math.max(1, Math.min(h, ((long) w * h + maxPixels - 1) / maxPixels));
        int rows = (h + stride - 1) / stride;
        try (ChunkedExecutor executor = new ChunkedExecutor(rows, threads, BAND)) {
            double[] sums = new double[executor.chunks()];
            long[] counts = new long[executor.chunks()];
            executor.forEachChunk((chunk, from, to, worker) -> {
                double[][] row = new double[pixels.colorChannels()][w];
                boolean[] valid = new boolean[w];
                double[] features = new double[w * d];
                double[] scores = new double[w];
                MixtureEvaluator evaluator = new MixtureEvaluator(model.mixture());
                for (int r = from; r < to; r++) {
                    int y = r * stride;
                    pixels.readRow(y, row, valid);
                    pipeline.compute(row, y, w, extent, features);
                    evaluator.scoreSamples(features, 0, w, scores, 0);
                    for (int x = 0; x < w; x++) {
                        if (valid[x]) {
                            sums[chunk] += scores[x];
                            counts[chunk]++;
                        }
                    }
                }
            });
            double sum = 0;
            long count = 0;
            for (int c = 0; c < sums.length; c++) {
                sum += sums[c];
                count += counts[c];
            }
            return new double[] {count == 0 ? Double.NaN : sum / count, count};
        }
    }

    private static void requireCompatible(ImagePixels image, SegmentationModel model) {
        if (image.colorChannels() != model.pipeline().channels()) {
            throw new GmmException("the model was fitted on images with " + model.pipeline().channels() + " channel"
                    + (model.pipeline().channels() == 1 ? "" : "s") + " (features " + model.features().name()
                    + ") but this image has " + image.colorChannels());
        }
    }

    private static void requireCompatible(ImagePixels image, SegmentationModel model, RandomAccessibleInterval<?> out) {
        requireCompatible(image, model);
        if (out.dimension(0) != image.width() || out.dimension(1) != image.height()) {
            throw new IllegalArgumentException("the output is " + out.dimension(0) + " x " + out.dimension(1)
                    + " but the image is " + image.width() + " x " + image.height());
        }
    }

    /** Work on one row: its features and validity, with the worker's evaluator and buffers. */
    private interface RowTask {
        void run(int y, double[] features, boolean[] valid, int width, MixtureEvaluator evaluator, RowBuffer buffer);
    }

    /** Per-worker results of one row: a label, or K probabilities, per pixel. */
    private static final class RowBuffer {
        final int[] labels;
        final double[] probabilities;

        RowBuffer(int width, int k) {
            this.labels = new int[width];
            this.probabilities = new double[width * k];
        }
    }

    private static void forEachBand(ImagePixels image, SegmentationModel model, int threads, RowTask task) {
        ImagePixels pixels = image.smoothed(model.features().smoothingSigma());
        FeaturePipeline pipeline = model.pipeline();
        GaussianMixture mixture = model.mixture();
        int w = pixels.width();
        int h = pixels.height();
        int d = pipeline.dimension();
        int k = model.components();
        int extent = Math.max(w, h);
        try (ChunkedExecutor executor = new ChunkedExecutor(h, threads, BAND)) {
            executor.forEachChunk((chunk, from, to, worker) -> {
                double[][] row = new double[pixels.colorChannels()][w];
                boolean[] valid = new boolean[w];
                double[] features = new double[w * d];
                MixtureEvaluator evaluator = new MixtureEvaluator(mixture);
                RowBuffer buffer = new RowBuffer(w, k);
                for (int y = from; y < to; y++) {
                    pixels.readRow(y, row, valid);
                    pipeline.compute(row, y, w, extent, features);
                    task.run(y, features, valid, w, evaluator, buffer);
                }
            });
        }
    }
}
