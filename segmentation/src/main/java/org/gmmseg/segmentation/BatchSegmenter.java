package org.gmmseg.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.features.ImagePixels;

/**
 * Segments a sequence of images (stack slices, time points, the files of a folder) with one
 * shared model or one model per image, reporting progress and stopping when cancelled. A step is
 * one fit or the labelling of one image. Within a step, the listener hears of every EM iteration
 * and of every candidate of a model selection, and the cancellation is polled before every row of
 * pixels read for a fit, every EM and k-means iteration, every candidate and every block of rows
 * labelled, so a run stops within a fraction of a second (see docs/fiji.md for the figures).
 *
 * <pre>{@code
 * BatchSegmenter segmenter = new BatchSegmenter(SegmentationOptions.of(3).withSeed(1));
 * segmenter.setProgressListener((message, done, total) -> System.err.println(message));
 * SegmentationModel model = segmenter.fitShared(images);
 * segmenter.segment(images, model, i -> labelImages.get(i), null);
 * }</pre>
 *
 * <p>Not thread-safe, except {@link #cancel()}, which may be called from any thread.
 */
public final class BatchSegmenter {
    private final SegmentationOptions options;
    private ProgressListener listener = ProgressListener.NONE;
    private BooleanSupplier cancellation = () -> false;
    private IntFunction<ImagePixels> fitPixels;
    private volatile boolean cancelled;

    public BatchSegmenter(SegmentationOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must be given");
        }
        this.options = options;
    }

    public SegmentationOptions options() {
        return options;
    }

    public void setProgressListener(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * A condition polled before every step and within it (see the class javadoc), e.g.
     * {@code IJ::escapePressed}; true cancels the run. It may be polled on several threads at once.
     */
    public void setCancellation(BooleanSupplier condition) {
        this.cancellation = condition == null ? () -> false : condition;
    }

    /**
     * The pixels the fits use for image i, e.g. only those inside a selection (invalid pixels are
     * left out of a fit); null, the default, for all valid pixels of each image. Labelling always
     * covers the whole image.
     */
    public void setFitPixels(IntFunction<ImagePixels> pixels) {
        this.fitPixels = pixels;
    }

    private ImagePixels fitPixels(List<? extends RandomAccessibleInterval<?>> images, ImageAxes axes, int i) {
        return fitPixels != null ? fitPixels.apply(i)
                : axes == null ? GmmSegmentation.pixels(images.get(i)) : GmmSegmentation.pixels(images.get(i), axes);
    }

    /** Asks the run to stop before its next step. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Fits one model on the pixels of all images (one step).
     *
     * @throws CancellationException when cancelled before the fit
     * @throws GmmException when the pixels cannot support the fit
     */
    public SegmentationModel fitShared(List<? extends RandomAccessibleInterval<?>> images) {
        return fitShared(images, null);
    }

    /**
     * Fits one model on the voxels of all images with the given axes (one step): a volume, or a
     * time series with all its frames, is one sample set.
     *
     * @param axes the images' axes and calibration, or null for 2-D images (X, Y and optionally C last)
     * @throws CancellationException when cancelled before the fit
     * @throws GmmException when the pixels cannot support the fit
     */
    public SegmentationModel fitShared(List<? extends RandomAccessibleInterval<?>> images, ImageAxes axes) {
        checkCancelled();
        String what = "fitting a shared model on " + images.size() + " image" + (images.size() == 1 ? "" : "s");
        listener.progress(what, 0, 1);
        List<ImagePixels> pixels = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            pixels.add(fitPixels(images, axes, i));
        }
        SegmentationModel model = Segmenter.fit(pixels, monitored(what)).model();
        if (options.mrf().active()) {
            // as GmmSegmentation.fitShared: one image (e.g. a volume) is refined by HMRF-EM, several record the prior
            model = pixels.size() > 1 ? model.withMrf(options.mrf())
                    : Segmenter.mrf(pixels.get(0), model.withMrf(options.mrf()), true, options.fit().threads(),
                            FitMonitor.NONE).model();
        }
        listener.progress("fitted", 1, 1);
        return model;
    }

    /**
     * The options with a monitor that polls the cancellation and tells the listener of every EM
     * iteration ({@code what: EM iteration 12/100}) or, in a model selection, of every candidate
     * settled ({@code what: K=4 full, candidate 3/7}); the bar runs over the iterations or candidates.
     */
    private SegmentationOptions monitored(String what) {
        boolean selecting = options.selecting();
        FitMonitor monitor = new FitMonitor() {
            @Override
            public boolean cancelled() {
                return pollCancellation();
            }

            @Override
            public void iteration(Iteration it) {
                if (!selecting) {
                    listener.progress(what + ": EM iteration " + it.iteration() + "/" + it.maxIter()
                            + (it.restarts() > 1 ? " (restart " + it.restart() + "/" + it.restarts() + ")" : ""),
                            it.iteration(), it.maxIter());
                }
            }

            @Override
            public void candidate(int settled, int total, int components, CovarianceType type, boolean fitted) {
                listener.progress(what + ": K=" + components + " " + type.id() + (fitted ? "" : " (not fitted)")
                        + ", candidate " + settled + "/" + total, settled, total);
            }
        };
        return options.withFit(options.fit().withMonitor(monitor));
    }

    /**
     * Labels every image, fitting a model per image first when {@code model} is null. For image i
     * the labels go to {@code labels.apply(i)} and the responsibilities (X x Y x K) to
     * {@code probabilities.apply(i)}; either function may be null to skip that output.
     *
     * @return the model used for each image, in order
     * @throws CancellationException when cancelled; outputs of the images before are complete
     * @throws GmmException when a fit fails or a model does not fit an image, naming the image
     *     (1-based) when there are several
     */
    public List<SegmentationModel> segment(List<? extends RandomAccessibleInterval<?>> images, SegmentationModel model,
            IntFunction<? extends RandomAccessibleInterval<? extends IntegerType<?>>> labels,
            IntFunction<? extends RandomAccessibleInterval<? extends RealType<?>>> probabilities) {
        return segment(images, null, model, labels, probabilities);
    }

    /**
     * Labels every image with the given axes as {@link #segment(List, SegmentationModel, IntFunction, IntFunction)}
     * does 2-D ones: a volume or time series is one step, fitted as one sample set; its labels are X x Y, then Z
     * and T as the image has several slices and frames (probabilities then K), or all of X, Y, Z, T (and K) at full
     * size (see {@link Segmenter#label}). Cancellation is also polled between the blocks of rows of a labelling.
     *
     * @param axes the images' axes and calibration, or null for 2-D images (X, Y and optionally C last)
     */
    public List<SegmentationModel> segment(List<? extends RandomAccessibleInterval<?>> images, ImageAxes axes,
            SegmentationModel model, IntFunction<? extends RandomAccessibleInterval<? extends IntegerType<?>>> labels,
            IntFunction<? extends RandomAccessibleInterval<? extends RealType<?>>> probabilities) {
        int n = images.size();
        int perImage = (model == null ? 1 : 0) + (labels != null || probabilities != null ? 1 : 0);
        int total = n * perImage;
        int threads = options.fit().threads();
        List<SegmentationModel> used = new ArrayList<>(n);
        int done = 0;
        for (int i = 0; i < n; i++) {
            String which = n == 1 ? "" : " " + (i + 1) + "/" + n;
            try {
                ImagePixels pixels = axes == null ? GmmSegmentation.pixels(images.get(i))
                        : GmmSegmentation.pixels(images.get(i), axes);
                SegmentationModel m = model;
                if (m == null) {
                    checkCancelled();
                    listener.progress("fitting" + which, done, total);
                    m = Segmenter.fit(List.of(fitPixels != null ? fitPixels.apply(i) : pixels),
                            monitored("fitting" + which)).model();
                    done++;
                }
                MrfLabelling mrf = null;
                if (model == null && options.mrf().active()) {
                    // refined on the image it was fitted on; a given model labels with its own prior
                    mrf = Segmenter.mrf(pixels, m.withMrf(options.mrf()), true, threads, FitMonitor.NONE);
                    m = mrf.model();
                } else if (m.mrf().active() && (labels != null || probabilities != null)) {
                    mrf = Segmenter.mrf(pixels, m, false, threads, FitMonitor.NONE);
                }
                used.add(m);
                if (labels != null || probabilities != null) {
                    checkCancelled();
                    listener.progress("labelling" + which, done, total);
                    String labelling = "labelling" + which;
                    int stepsDone = done;
                    // the blocks of rows as a fraction of this step, so the bar moves on within an image
                    Monitor monitor = new Monitor((message, block, blocks) -> listener.progress(labelling,
                            stepsDone * blocks + block, total * blocks), this::pollCancellation);
                    if (labels != null) {
                        if (mrf != null) {
                            mrf.label(labels.apply(i));
                        } else {
                            Segmenter.label(pixels, m, labels.apply(i), threads, monitor);
                        }
                    }
                    if (probabilities != null) {
                        if (mrf != null) {
                            mrf.probabilities(probabilities.apply(i));
                        } else {
                            Segmenter.probabilities(pixels, m, probabilities.apply(i), threads, monitor);
                        }
                    }
                    done++;
                }
            } catch (GmmException e) {
                throw n == 1 ? e : new GmmException("image" + which + ": " + e.getMessage(), e);
            }
        }
        listener.progress("done", total, total);
        return used;
    }

    private void checkCancelled() {
        if (pollCancellation()) {
            throw new CancellationException("cancelled");
        }
    }

    /** Whether the run is cancelled, by {@link #cancel()} or the condition; may be called from worker threads. */
    private boolean pollCancellation() {
        if (!cancelled && cancellation.getAsBoolean()) {
            cancelled = true;
        }
        return cancelled;
    }
}
