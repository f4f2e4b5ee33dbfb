package org.gmmseg.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.select.Candidate;
import org.gmmseg.core.select.ModelSelection;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionResult;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImagePooling;
import org.gmmseg.segmentation.batch.OutputFiles;
import org.gmmseg.segmentation.batch.ReadLimits;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.DeclaredAxes;

import scala.Tuple2;

/**
 * gmmseg's batch work on Apache Spark, with the results of one machine:
 * <ul>
 * <li>the job of each image (fit and label, or label) runs as one task, which writes the image's
 *     files as the command line does (temporary file and rename, label file last); the driver
 *     records each outcome in the batch as its task ends, which advances the progress bar and
 *     rewrites the report (at most once a second, as the command line);</li>
 * <li>pooling for a shared model: each image's seeded, de-duplicated subsample is drawn by a task
 *     with the seed the image takes in {@link SamplePool}. When an image fails, the images after it
 *     take the seeds one earlier, so their subsamples are drawn again. Without
 *     {@code --distributed-em} the subsamples are added to the pool on the driver in input order;
 *     with it they stay on the executors, the pool on the driver gets their summaries, and the
 *     executors merge them into the pool's distinct samples in EM's chunks
 *     ({@link PooledChunks});</li>
 * <li>EM (a fit, or every candidate of a model selection): on the driver, or with
 *     {@code --distributed-em} on the executors, in {@link EStepChunks}' chunks, consecutive chunks
 *     per partition, kept in their memory ({@link SparkChunks}). Every pass of the fit, the
 *     initialisation's included, sends its task (the model prepared for the kernel, the centres so
 *     far, ...) to every chunk; each returns its result keyed by its index, and the driver merges
 *     them in chunk order ({@link EmFitter#fit(org.gmmseg.core.ChunkedSamples, FitOptions)}). No
 *     floating-point sum is left to Spark, so the model is bit-identical for any number of
 *     partitions.</li>
 * </ul>
 * The Spark context is made on first use (so {@code --help} and usage errors start no Spark), from
 * {@code --master} or spark-submit's configuration, and stopped by {@link #close} if it was made
 * here. Used by the command's thread (and a model selection's threads, for its candidates' fits).
 */
public final class SparkEngine implements BatchEngine, AutoCloseable {
    private final SparkOptions options;
    private final DistributedEmOption distributedEm;
    private final boolean ownsContext;
    /** The chunks of pools made on the executors ({@code --distributed-em}), until they are fitted. */
    private final Map<SamplePool, SparkChunks> held = new IdentityHashMap<>();
    private JavaSparkContext context;

    /**
     * @param context the context to run on, or null to make one from the options when needed
     */
    public SparkEngine(JavaSparkContext context, SparkOptions options, DistributedEmOption distributedEm) {
        this.context = context;
        this.ownsContext = context == null;
        this.options = options;
        this.distributedEm = distributedEm;
    }

    /** Starts Spark now rather than when first needed. */
    void start() {
        context();
    }

    private JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setAppName("gmmseg");
            if (options.master() != null) {
                conf.setMaster(options.master());
            } else if (!conf.contains("spark.master")) {
                conf.setMaster(SparkOptions.DEFAULT_MASTER);
            }
            context = new JavaSparkContext(conf);
        }
        return context;
    }

    @Override
    public void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone) throws InterruptedException {
        List<ImageTask> tasks = new ArrayList<>();
        for (int i = 0; i < batch.inputs().size(); i++) {
            if (batch.pending(i)) {
                tasks.add(new ImageTask(i, batch.inputs().get(i), batch.outputs(i)));
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        JavaSparkContext sc = context();
        int taskThreads = sc.getConf().getInt("spark.task.cpus", 1);
        long maxPixels = batch.limits().maxPixels();
        batch.started();
        // each image's result as its task ends: the progress bar moves and the report follows
        TaskResults.forEachAsItEnds(sc.parallelize(tasks, tasks.size()).map(task -> task.run(job, taskThreads, maxPixels)), outcome -> {
            OutputFiles files = batch.outputs(outcome.index);
            batch.finished(outcome.index, outcome.toResult(batch.inputs().get(outcome.index), files));
            onImageDone.run();
        });
    }

    /**
     * Images are sampled a window at a time: an image that fails takes no seed, so the images after
     * it in its window are drawn again with the seeds they then take (failures do not depend on the
     * seed: those already seen are not drawn again). With {@code --distributed-em} the subsamples
     * stay on the executors and the pool gets their summaries; the executors then merge them into
     * the pool's chunks ({@link PooledChunks}). Else they are collected, a window at a time, and
     * pooled here.
     */
    @Override
    public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
            Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException {
        pool(images, include, pool, workers, axes, ReadLimits.defaults(), onImageDone, onFailure);
    }

    /** As the other {@code pool}; each executor checks the images' headers against the pixel limit and its heap. */
    @Override
    public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, DeclaredAxes axes,
            ReadLimits limits, Runnable onImageDone, ImagePooling.FailureHandler onFailure) throws IOException {
        long maxPixels = limits.maxPixels();
        List<ImageTask> tasks = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (include.test(i)) {
                tasks.add(new ImageTask(i, images.get(i), null));
            }
        }
        FeatureSpec features = pool.features();
        long maxSamples = pool.maxSamplesPerImage();
        boolean keep = distributedEm.given();
        JavaSparkContext sc = context();
        List<JavaRDD<ImageTask.SampleOutcome>> kept = new ArrayList<>();
        HashMap<Integer, Long> accepted = new HashMap<>();
        Map<Integer, ImageTask.SampleOutcome> failed = new HashMap<>();
        int dimension = 0;
        int window = Math.max(16, 4 * sc.defaultParallelism());
        try {
            int next = 0;
            while (next < tasks.size()) {
                List<ImageTask> rest = tasks.subList(next, Math.min(tasks.size(), next + window));
                List<ImageTask> toDraw = rest.stream().filter(t -> !failed.containsKey(t.index())).toList();
                long[] seeds = pool.nextSeeds(toDraw.size());
                List<Tuple2<ImageTask, Long>> seeded = new ArrayList<>(toDraw.size());
                for (int j = 0; j < toDraw.size(); j++) {
                    seeded.add(new Tuple2<>(toDraw.get(j), seeds[j]));
                }
                JavaRDD<ImageTask.SampleOutcome> drawn = sc.parallelize(seeded, Math.max(1, seeded.size()))
                        .map(t -> t._1().sample(features, maxSamples, t._2(), axes, maxPixels));
                List<ImageTask.SampleOutcome> outcomes;
                if (toDraw.isEmpty()) {
                    outcomes = List.of();
                } else if (keep) {
                    drawn.persist(StorageLevel.MEMORY_AND_DISK());
                    outcomes = drawn.map(ImageTask.SampleOutcome::summary).collect();
                } else {
                    outcomes = drawn.collect();
                }
                Map<Integer, ImageTask.SampleOutcome> byImage = new HashMap<>(failed);
                outcomes.forEach(o -> byImage.put(o.index(), o));
                boolean used = false;
                for (ImageTask task : rest) {
                    ImageTask.SampleOutcome outcome = byImage.get(task.index());
                    ImageInput input = images.get(outcome.index());
                    if (outcome.failure() == null && outcome.sample().seed() != pool.nextSeed()) {
                        break; // an image before it failed: it and the rest take other seeds
                    }
                    try {
                        if (outcome.failure() != null) {
                            onFailure.failed(outcome.index(), input, failure(outcome.failure()));
                        } else {
                            pool.add(outcome.sample());
                            accepted.put(outcome.index(), outcome.sample().seed());
                            dimension = outcome.sample().dimension();
                            used = true;
                        }
                    } catch (RuntimeException e) {
                        onFailure.failed(outcome.index(), input, e);
                    } finally {
                        onImageDone.run();
                    }
                    next++;
                }
                outcomes.stream().filter(o -> o.failure() != null).forEach(o -> failed.put(o.index(), o));
                if (keep && used) {
                    kept.add(drawn);
                } else if (keep) {
                    drawn.unpersist(false);
                }
            }
            if (keep && pool.pixels() > 0) {
                held.put(pool, PooledChunks.build(sc, sc.union(kept.toArray(JavaRDD[]::new)), accepted, dimension,
                        pool.pixels(), partitions()));
            }
        } finally {
            kept.forEach(r -> r.unpersist(false));
        }
    }

    /**
     * The failure of an executor as an exception from which {@code ImageResult.failed} gives the
     * executor's reason again: bad input as a {@link GmmException} with that reason, a bug as the
     * executor's exception (which names its class).
     */
    private static Exception failure(TaskOutcome failed) {
        RemoteFailure cause = failed.cause;
        if (failed.internal) {
            return cause;
        }
        return new GmmException(failed.error, cause);
    }

    @Override
    public FitResult fit(Samples samples, FitOptions options) {
        if (!distributedEm.given()) {
            return EmFitter.fit(samples, options);
        }
        try (SparkChunks chunks = SparkChunks.of(context(), samples, partitions())) {
            return EmFitter.fit(chunks, options);
        }
    }

    @Override
    public SelectionResult select(Samples samples, SelectionOptions options, Consumer<Candidate> listener) {
        if (!distributedEm.given()) {
            return ModelSelection.select(samples, options, listener);
        }
        try (SparkChunks chunks = SparkChunks.of(context(), samples, partitions())) {
            return ModelSelection.select(chunks, options, listener);
        }
    }

    /** With {@code --distributed-em}, fits the pool on the chunks the executors hold. */
    @Override
    public Segmenter.Fit fit(SamplePool pool, FitOptions options) {
        if (!distributedEm.given()) {
            return pool.fit(options, this::fit);
        }
        try (SparkChunks chunks = held.remove(pool)) {
            // without chunks (no pixels pooled) the pool says why before it calls the fitter
            return pool.fitElsewhere(options, o -> EmFitter.fit(chunks, o), chunks == null ? 0 : chunks.size());
        }
    }

    /** With {@code --distributed-em}, every candidate is fitted on the chunks the executors hold. */
    @Override
    public Segmenter.Fit select(SamplePool pool, SelectionOptions options, Consumer<Candidate> listener) {
        if (!distributedEm.given()) {
            return pool.select(options, listener);
        }
        try (SparkChunks chunks = held.remove(pool)) {
            return pool.selectElsewhere(options, o -> ModelSelection.select(chunks, o, listener),
                    chunks == null ? 0 : chunks.size());
        }
    }

    /** How many partitions hold the samples: {@code --partitions}, else Spark's default parallelism. */
    private int partitions() {
        Integer partitions = options.partitions();
        return partitions != null ? partitions : context().defaultParallelism();
    }

    @Override
    public void close() {
        held.values().forEach(SparkChunks::close);
        held.clear();
        if (ownsContext && context != null) {
            context.stop();
            context = null;
        }
    }
}
