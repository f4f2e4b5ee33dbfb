package org.gmmseg.segmentation;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.gmmseg.core.ChunkedExecutor;
import org.gmmseg.core.FitMonitor;
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
 * Fits segmentation models on images and labels images with them. Images may be planes, volumes
 * and time series ({@link ImagePixels}); a volume is one sample set, and so is a time series unless
 * its frames are fitted one by one ({@link ImagePixels#frame}). Labelling streams over the image in
 * bands of rows (of every slice and frame): memory is a few rows of features, never pixels x
 * components. Stateless; thread-safe.
 */
public final class Segmenter {
    /** Rows per labelling chunk: enough work per task, small buffers. */
    private static final int BAND = 16;
    private static final BooleanSupplier NEVER = () -> false;

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
        return pool(images, options.features(), options.maxSamples(), options.fit().seed(),
                options.fit().monitor()::cancelled).fit(options);
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
        return pool(images, spec, maxSamplesPerImage, seed, NEVER);
    }

    /** The pool of the images' pixels; {@code cancelled} is asked before every row read (the fit's monitor). */
    private static SamplePool pool(List<ImagePixels> images, FeatureSpec spec, long maxSamplesPerImage, long seed,
            BooleanSupplier cancelled) {
        if (images.isEmpty()) {
            throw new GmmException("no images to fit");
        }
        int channels = images.get(0).colorChannels();
        SamplePool pool = new SamplePool(spec, maxSamplesPerImage, seed);
        pool.setCancellation(cancelled);
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
        return collect(image, pipeline, maxSamples, seed, into, NEVER);
    }

    /**
     * {@link #collect(ImagePixels, FeaturePipeline, long, long, DistinctSamples)}, asking
     * {@code cancelled} before every row.
     *
     * @throws CancellationException when it says so; {@code into} then holds part of the image
     */
    static long collect(ImagePixels image, FeaturePipeline pipeline, long maxSamples, long seed,
            DistinctSamples into, BooleanSupplier cancelled) {
        int w = image.width();
        int rows = image.rows();
        int d = pipeline.dimension();
        double[][] row = new double[image.colorChannels()][w];
        boolean[] valid = new boolean[w];
        double[] features = new double[w * d];
        double[] scales = pipeline.coordinateScales(image);
        double keep = 1;
        long validCount = 0;
        if (maxSamples > 0 && image.size() > maxSamples) {
            long count = 0;
            for (int r = 0; r < rows; r++) {
                image.readRow(r, row, valid);
                for (int x = 0; x < w; x++) {
                    count += valid[x] ? 1 : 0;
                }
            }
            keep = count > maxSamples ? (double) maxSamples / count : 1;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < rows; r++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("the fit was cancelled");
            }
            pipeline.computeRow(image, r, row, valid, scales, features);
            int kept = 0; // the row's vectors to add, moved to its start in order
            for (int x = 0; x < w; x++) {
                if (valid[x]) {
                    validCount++;
                    if (keep >= 1 || rng.nextDouble() < keep) {
                        System.arraycopy(features, x * d, features, kept * d, d);
                        kept++;
                    }
                }
            }
            into.addAll(features, 0, kept);
        }
        return validCount;
    }

    /**
     * Labels every pixel with its most responsible component (argmax of eq. 5) plus one; excluded
     * pixels (alpha 0, not finite) get 0.
     *
     * @param out the labels, written (needs to hold K; 8-bit for K &lt;= 255): X x Y, then Z when the
     *     image has several slices, then T when it has several frames
     */
    public static void label(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends IntegerType<?>> out, int threads) {
        label(image, model, out, threads, Monitor.NONE);
    }

    /**
     * Labels as {@link #label(ImagePixels, SegmentationModel, RandomAccessibleInterval, int)}, block of rows by
     * block of rows, telling the monitor how many blocks are done and stopping when it says so.
     *
     * @throws java.util.concurrent.CancellationException when cancelled; the labels are then partly written
     */
    public static void label(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends IntegerType<?>> out, int threads, Monitor monitor) {
        prepare(image, model).label(out, threads, monitor);
    }

    /**
     * Writes the responsibilities (eq. 5) of every component; excluded pixels get NaN.
     *
     * @param out X x Y, then Z and T as for {@link #label}, then K
     */
    public static void probabilities(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends RealType<?>> out, int threads) {
        probabilities(image, model, out, threads, Monitor.NONE);
    }

    /**
     * Writes the responsibilities as {@link #probabilities(ImagePixels, SegmentationModel, RandomAccessibleInterval,
     * int)}, with progress and cancellation between blocks of rows.
     *
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static void probabilities(ImagePixels image, SegmentationModel model,
            RandomAccessibleInterval<? extends RealType<?>> out, int threads, Monitor monitor) {
        prepare(image, model).probabilities(out, threads, monitor);
    }

    /**
     * Runs HMRF-EM with the model's Potts prior ({@link SegmentationModel#mrf()}) on the image's
     * pixels, from the model (docs/em-derivation.md, eqs. 24-29): when segmenting, the plain fit
     * refined (means and covariances re-estimated from the mean-field responsibilities); when
     * labelling with a given model, the sweeps with that model fixed. A volume is one grid with the
     * 6-neighbourhood, weighted by its calibration ({@link MrfLabelling}); the frames of a time
     * series are swept together with one model, but are not each other's neighbours.
     *
     * @param updateModel true to re-estimate the model (segmenting), false to keep it (applying)
     * @throws GmmException when the image does not fit the model or is too large for an MRF
     * @throws IllegalArgumentException when the model has no MRF
     */
    public static MrfLabelling mrf(ImagePixels image, SegmentationModel model, boolean updateModel, int threads,
            FitMonitor monitor) {
        return prepare(image, model).mrf(updateModel, threads, monitor);
    }

    /**
     * The image's mean log-likelihood per valid pixel under the model, over about {@code maxPixels} of them
     * ({@link Prepared#meanLogLikelihood}); for {@link RangeCheck}.
     */
    static double[] meanLogLikelihood(ImagePixels image, SegmentationModel model, long maxPixels, int threads) {
        return prepare(image, model).meanLogLikelihood(maxPixels, threads);
    }

    /**
     * An image made ready for a model: checked against it and smoothed as its features say, once, for labelling it
     * whole or in parts (e.g. the probabilities of a volume plane by plane, as they are written).
     *
     * @throws GmmException when the image does not fit the model's features (channels, Z axis, calibration)
     */
    public static Prepared prepare(ImagePixels image, SegmentationModel model) {
        if (image.colorChannels() != model.pipeline().channels()) {
            throw new GmmException("the model was fitted on images with " + model.pipeline().channels() + " channel"
                    + (model.pipeline().channels() == 1 ? "" : "s") + " (features " + model.features().name()
                    + ") but this image has " + image.colorChannels());
        }
        return new Prepared(image, model);
    }

    /** An image ready for a model ({@link #prepare}). Immutable; its methods may run concurrently. */
    public static final class Prepared {
        private final ImagePixels image;
        private final ImagePixels pixels;
        private final SegmentationModel model;
        private final double[] scales;

        private Prepared(ImagePixels image, SegmentationModel model) {
            this.image = image;
            this.model = model;
            this.pixels = model.pipeline().prepare(image);
            this.scales = model.pipeline().coordinateScales(pixels);
        }

        /** The image as given (not smoothed). */
        public ImagePixels image() {
            return image;
        }

        /** Labels the whole image; see {@link Segmenter#label(ImagePixels, SegmentationModel, RandomAccessibleInterval, int, Monitor)}. */
        public void label(RandomAccessibleInterval<? extends IntegerType<?>> out, int threads, Monitor monitor) {
            RandomAccessibleInterval<? extends IntegerType<?>> xyzt = image.outputView(out, false);
            if (model.mrf().active()) {
                mrf(false, threads, fitMonitor(monitor)).label(xyzt);
                return;
            }
            Object array = labelArray(out);
            forEachBand(0, pixels.rows(), threads, monitor, "labelling",
                    (r, features, valid, width, evaluator, buffer) -> {
                        int[] labels = buffer.labels;
                        evaluator.predict(features, 0, width, labels, 0);
                        if (array != null) { // the output's flat index is r * width + x
                            int o = r * width;
                            if (array instanceof byte[] b) {
                                for (int x = 0; x < width; x++) {
                                    b[o + x] = (byte) (valid[x] ? labels[x] + 1 : 0);
                                }
                            } else {
                                short[] s = (short[]) array;
                                for (int x = 0; x < width; x++) {
                                    s[o + x] = (short) (valid[x] ? labels[x] + 1 : 0);
                                }
                            }
                            return;
                        }
                        RandomAccess<? extends IntegerType<?>> ra = xyzt.randomAccess();
                        position(ra, r);
                        for (int x = 0; x < width; x++) {
                            ra.get().setInteger(valid[x] ? labels[x] + 1 : 0);
                            ra.fwd(0);
                        }
                    });
        }

        /**
         * The array of an output that is an unsigned 8- or 16-bit array image starting at 0, whose flat index is then
         * the voxel's (its axes are X, Y, Z, T in this order, as {@link ImagePixels#outputView} checked); else null.
         */
        private Object labelArray(RandomAccessibleInterval<?> out) {
            if (!(out instanceof ArrayImg<?, ?> img) || (long) image.width() * image.rows() > Integer.MAX_VALUE) {
                return null;
            }
            for (int d = 0; d < out.numDimensions(); d++) {
                if (out.min(d) != 0) {
                    return null;
                }
            }
            Object access = img.update(null);
            if (out.getType() instanceof UnsignedByteType && access instanceof ByteArray b) {
                return b.getCurrentStorageArray();
            }
            if (out.getType() instanceof UnsignedShortType && access instanceof ShortArray s) {
                return s.getCurrentStorageArray();
            }
            return null;
        }

        /** The responsibilities of the whole image; see {@link Segmenter#probabilities(ImagePixels, SegmentationModel, RandomAccessibleInterval, int, Monitor)}. */
        public void probabilities(RandomAccessibleInterval<? extends RealType<?>> out, int threads, Monitor monitor) {
            int k = model.components();
            if (out.dimension(out.numDimensions() - 1) != k) {
                throw new IllegalArgumentException("probabilities need an output whose last axis has the " + k
                        + " components, got " + out.dimension(out.numDimensions() - 1));
            }
            RandomAccessibleInterval<? extends RealType<?>> xyztk = image.outputView(out, true);
            if (model.mrf().active()) {
                mrf(false, threads, fitMonitor(monitor)).probabilities(xyztk);
                return;
            }
            forEachBand(0, pixels.rows(), threads, monitor, "probabilities",
                    (r, features, valid, width, evaluator, buffer) -> {
                        double[] p = buffer.probabilities;
                        evaluator.predictProba(features, 0, width, p, 0);
                        RandomAccess<? extends RealType<?>> ra = xyztk.randomAccess();
                        position(ra, r);
                        for (int x = 0; x < width; x++) {
                            ra.setPosition(x, 0);
                            for (int c = 0; c < k; c++) {
                                ra.setPosition(c, 4);
                                ra.get().setReal(valid[x] ? p[x * k + c] : Double.NaN);
                            }
                        }
                    });
        }

        /**
         * The responsibilities of rows [from, to) (numbered as {@link ImagePixels} numbers them), component by
         * component: {@code out[k][(r - from) * width + x]}; NaN at excluded pixels.
         */
        public void probabilities(int from, int to, float[][] out, int threads) {
            int k = model.components();
            int w = image.width();
            forEachBand(from, to, threads, Monitor.NONE, "probabilities",
                    (r, features, valid, width, evaluator, buffer) -> {
                        double[] p = buffer.probabilities;
                        evaluator.predictProba(features, 0, width, p, 0);
                        int o = (r - from) * w;
                        for (int x = 0; x < width; x++) {
                            for (int c = 0; c < k; c++) {
                                out[c][o + x] = valid[x] ? (float) p[x * k + c] : Float.NaN;
                            }
                        }
                    });
        }

        /**
         * HMRF-EM on this image from the model ({@link Segmenter#mrf}).
         *
         * @throws IllegalArgumentException when the model has no MRF
         */
        public MrfLabelling mrf(boolean updateModel, int threads, FitMonitor monitor) {
            return MrfLabelling.run(pixels, scales, model, updateModel, threads, monitor);
        }

        /** The labelling monitor as a fit monitor for the sweeps: cancellation only (sweeps are not blocks). */
        private static FitMonitor fitMonitor(Monitor monitor) {
            BooleanSupplier cancelled = monitor.cancellation();
            return new FitMonitor() {
                @Override
                public boolean cancelled() {
                    return cancelled.getAsBoolean();
                }
            };
        }

        /** Puts the accessor of an X, Y, Z, T(, K) view at the start of row r. */
        private void position(RandomAccess<?> ra, int r) {
            int h = image.height();
            ra.setPosition(0, 0);
            ra.setPosition(r % h, 1);
            ra.setPosition((r / h) % image.depth(), 2);
            ra.setPosition(r / (h * image.depth()), 3);
        }

        /**
         * The mean log-likelihood per valid pixel, (1/N) sum_n log p(x_n) (eq. 6), over the valid pixels of evenly
         * spaced rows: every row when the image has at most {@code maxPixels} pixels, else about that many. Row sums
         * are added in order, so the result does not depend on threads.
         *
         * @return {mean (NaN when no pixel was valid), number of pixels scored}
         */
        public double[] meanLogLikelihood(long maxPixels, int threads) {
            int rows = pixels.rows();
            int stride = (int) Math.max(1, Math.min(rows, ((long) pixels.width() * rows + maxPixels - 1) / maxPixels));
            int count = (rows + stride - 1) / stride;
            double[] sums = new double[count];
            long[] counts = new long[count];
            forEachBand(0, count, stride, threads, Monitor.NONE, "checking",
                    (r, features, valid, width, evaluator, buffer) -> {
                        double[] scores = buffer.probabilities; // width * K >= width values
                        evaluator.scoreSamples(features, 0, width, scores, 0);
                        int i = r / stride;
                        for (int x = 0; x < width; x++) {
                            if (valid[x]) {
                                sums[i] += scores[x];
                                counts[i]++;
                            }
                        }
                    });
            double sum = 0;
            long n = 0;
            for (int i = 0; i < count; i++) {
                sum += sums[i];
                n += counts[i];
            }
            return new double[] {n == 0 ? Double.NaN : sum / n, n};
        }

        /** Runs the task on rows [from, to) in chunks of rows, with progress and cancellation between chunks. */
        private void forEachBand(int from, int to, int threads, Monitor monitor, String message, RowTask task) {
            forEachBand(from, to - from, 1, threads, monitor, message, task);
        }

        /** Runs the task on rows from, from + stride, ... ({@code count} of them), as the other forEachBand. */
        private void forEachBand(int from, int count, int stride, int threads, Monitor monitor, String message,
                RowTask task) {
            FeaturePipeline pipeline = model.pipeline();
            GaussianMixture mixture = model.mixture();
            int w = pixels.width();
            int d = pipeline.dimension();
            int k = model.components();
            try (ChunkedExecutor executor = new ChunkedExecutor(count, threads, BAND)) {
                int total = executor.chunks();
                int[] done = {0};
                executor.forEachChunk((chunk, start, end, worker) -> {
                    monitor.checkCancelled();
                    double[][] row = new double[pixels.colorChannels()][w];
                    boolean[] valid = new boolean[w];
                    double[] features = new double[w * d];
                    MixtureEvaluator evaluator = new MixtureEvaluator(mixture);
                    RowBuffer buffer = new RowBuffer(w, k);
                    for (int i = start; i < end; i++) {
                        int r = from + i * stride;
                        pipeline.computeRow(pixels, r, row, valid, scales, features);
                        task.run(r, features, valid, w, evaluator, buffer);
                    }
                    synchronized (done) {
                        monitor.progress().progress(message, ++done[0], total);
                    }
                });
            }
        }
    }

    /** Work on one row: its features and validity, with the worker's evaluator and buffers. */
    private interface RowTask {
        void run(int row, double[] features, boolean[] valid, int width, MixtureEvaluator evaluator, RowBuffer buffer);
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
}
