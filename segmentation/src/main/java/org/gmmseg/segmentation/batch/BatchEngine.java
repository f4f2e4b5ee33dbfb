package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.util.List;
import java.util.function.IntPredicate;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;

/**
 * Where the heavy work of a front end's batch runs: the job on each image, the pooling of images
 * for a shared model, and EM. {@link #LOCAL} runs them on this machine's threads; another engine
 * (e.g. a cluster's) must give the same results, so that every front end plans, reports and
 * exits alike whichever engine it runs on.
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
        public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers,
                Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException, InterruptedException {
            ImagePooling.add(images, include, pool, workers, onImageDone, onFailure);
        }

        @Override
        public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers,
                ReadLimits limits, Runnable onImageDone, ImagePooling.FailureHandler onFailure)
                throws IOException, InterruptedException {
            ImagePooling.add(images, include, pool, workers, limits, onImageDone, onFailure);
        }

        @Override
        public FitResult fit(Samples samples, FitOptions options) {
            return EmFitter.fit(samples, options);
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
     */
    void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, Runnable onImageDone,
            ImagePooling.FailureHandler onFailure) throws IOException, InterruptedException;

    /**
     * As {@link #pool(List, IntPredicate, SamplePool, int, Runnable, ImagePooling.FailureHandler)},
     * refusing the images that exceed the limits where the engine can; by default as that method.
     */
    default void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, ReadLimits limits,
            Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException, InterruptedException {
        pool(images, include, pool, workers, onImageDone, onFailure);
    }

    /** Fits a mixture, bit-identical to {@link EmFitter#fit(Samples, FitOptions)}. */
    FitResult fit(Samples samples, FitOptions options);
}
