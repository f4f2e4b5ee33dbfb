package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.select.Candidate;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionResult;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.io.DeclaredAxes;

/**
 * Where the heavy work of a front end's batch runs: the job on each image, the pooling of images
 * for a shared model, and EM (a fit or a model selection, on a pool or on samples). {@link #LOCAL}
 * runs them on this machine's threads; another engine (e.g. a cluster's) must give the same
 * results, so that every front end plans, reports and exits alike whichever engine it runs on.
 * An engine may keep a pool's samples where it drew them ({@link SamplePool#fitElsewhere}); then
 * its {@link #fit(SamplePool, FitOptions)} and {@link #select(SamplePool, SelectionOptions, Consumer)}
 * fit them there.
 */
public interface BatchEngine {
    /** This machine: {@link Batch#run}, {@link ImagePooling#add} and {@link EmFitter#fit(Samples, FitOptions)}. */
    BatchEngine LOCAL = new BatchEngine() {
        @Override
        public void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone) throws InterruptedException {
            batch.run(threads, job, onImageDone);
        }

        @Override
        public void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone, ImageProgress progress)
                throws InterruptedException {
            batch.run(threads, job, onImageDone, progress);
        }

        @Override
        public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
                Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException, InterruptedException {
            ImagePooling.add(images, include, pool, workers, axes, ReadLimits.defaults(), onImageDone, onFailure);
        }

        @Override
        public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
                ReadLimits limits, Runnable onImageDone, ImagePooling.FailureHandler onFailure)
                throws IOException, InterruptedException {
            ImagePooling.add(images, include, pool, workers, axes, limits, onImageDone, onFailure);
        }

        @Override
        public FitResult fit(Samples samples, FitOptions options) {
            return EmFitter.fit(samples, options);
        }

        @Override
        public SelectionResult select(Samples samples, SelectionOptions options, Consumer<Candidate> listener) {
            return ModelSelection.select(samples, options, listener);
        }
    };

    /**
     * Runs the job on every pending image of the batch and records each result in it, as
     * {@link Batch#run} does.
     *
     * @param onImageDone called after each image, e.g. to advance a progress bar
     */
    void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone) throws InterruptedException;

    /**
     * As {@link #run(Batch, int, Batch.Job, Runnable)}, telling {@code progress} how each image gets
     * on where the engine can; by default it hears nothing.
     */
    default void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone, ImageProgress progress)
            throws InterruptedException {
        run(batch, threads, job, onImageDone);
    }

    /**
     * Adds the images to the pool in input order, as {@link ImagePooling#add} does: the pool must
     * end up as that method leaves it.
     *
     * @param axes the axes of the images' pages, or null to take them from each file
     */
    void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
            Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException, InterruptedException;

    /**
     * As {@link #pool(List, IntPredicate, SamplePool, int, DeclaredAxes, Runnable, ImagePooling.FailureHandler)},
     * refusing the images that exceed the limits where the engine can; by default as that method.
     */
    default void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
            ReadLimits limits, Runnable onImageDone, ImagePooling.FailureHandler onFailure)
            throws IOException, InterruptedException {
        pool(images, include, pool, workers, axes, onImageDone, onFailure);
    }

    /** Fits a mixture, bit-identical to {@link EmFitter#fit(Samples, FitOptions)}. */
    FitResult fit(Samples samples, FitOptions options);

    /**
     * Chooses a model among candidates, as {@link ModelSelection#select(Samples, SelectionOptions, Consumer)}.
     *
     * @param listener told of each candidate as it is settled, possibly on other threads
     */
    SelectionResult select(Samples samples, SelectionOptions options, Consumer<Candidate> listener);

    /** Fits a model on the pool this engine filled, as {@link SamplePool#fit(FitOptions)}. */
    default Segmenter.Fit fit(SamplePool pool, FitOptions options) {
        return pool.fit(options, this::fit);
    }

    /** Chooses a model on the pool this engine filled, as {@link SamplePool#select}. */
    default Segmenter.Fit select(SamplePool pool, SelectionOptions options, Consumer<Candidate> listener) {
        return pool.select(options, listener);
    }
}
