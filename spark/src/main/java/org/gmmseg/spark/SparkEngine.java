package org.gmmseg.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EStepChunks;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.em.SufficientStatistics;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImagePooling;
import org.gmmseg.segmentation.batch.OutputFiles;
import org.gmmseg.segmentation.features.FeatureSpec;

import scala.Tuple2;

/**
 * gmmseg's batch work on Apache Spark, with the results of one machine:
 * <ul>
 * <li>the job of each image (fit and label, or label) runs as one task, which writes the image's
 *     files as the command line does (temporary file and rename, label file last); the driver
 *     collects the outcomes into the batch, which writes the report;</li>
 * <li>pooling for a shared model: each image's seeded, de-duplicated subsample is drawn by a task
 *     with the seed the image takes in {@link SamplePool}, and added to the pool on the driver in
 *     input order. When an image fails, the images after it take the seeds one earlier, so their
 *     subsamples are drawn again;</li>
 * <li>EM: on the driver, or with {@code --distributed-em} on the executors. There the samples are
 *     cut into {@link EStepChunks}' chunks, consecutive chunks per partition, kept in memory; each
 *     pass broadcasts the prepared model, every chunk returns its statistics keyed by its index,
 *     and the driver places them in their slots and merges them in chunk order
 *     ({@link EmFitter#fit(Samples, EStepChunks.Pass, FitOptions)}). No floating-point sum is left
 *     to Spark, so the model is bit-identical for any number of partitions. The initialisation
 *     runs on the driver on the pooled samples, as {@link EmFitter} runs it.</li>
 * </ul>
 * The Spark context is made on first use (so {@code --help} and usage errors start no Spark), from
 * {@code --master} or spark-submit's configuration, and stopped by {@link #close} if it was made
 * here. Used by the command's thread only.
 */
public final class SparkEngine implements BatchEngine, AutoCloseable {
    private final SparkOptions options;
    private final DistributedEmOption distributedEm;
    private final boolean ownsContext;
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
    public void run(Batch batch, int threads, Batch.Job job, Runnable onImageDone) {
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
        List<TaskOutcome> outcomes = sc.parallelize(tasks, tasks.size()).map(task -> task.run(job, taskThreads)).collect();
        for (TaskOutcome outcome : outcomes) {
            OutputFiles files = batch.outputs(outcome.index);
            batch.setResult(outcome.index, outcome.toResult(batch.inputs().get(outcome.index), files.labels()));
            onImageDone.run();
        }
    }

    @Override
    public void pool(List<ImageInput> images, IntPredicate include, SamplePool pool, int workers, Runnable onImageDone,
            ImagePooling.FailureHandler onFailure) throws IOException {
        List<ImageTask> tasks = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (include.test(i)) {
                tasks.add(new ImageTask(i, images.get(i), null));
            }
        }
        FeatureSpec features = pool.features();
        long maxSamples = pool.maxSamplesPerImage();
        // images are sampled a window at a time, so that the driver holds the samples of one window
        int window = Math.max(16, 4 * context().defaultParallelism());
        int next = 0;
        while (next < tasks.size()) {
            List<ImageTask> rest = tasks.subList(next, Math.min(tasks.size(), next + window));
            long[] seeds = pool.nextSeeds(rest.size());
            List<Tuple2<ImageTask, Long>> seeded = new ArrayList<>(rest.size());
            for (int j = 0; j < rest.size(); j++) {
                seeded.add(new Tuple2<>(rest.get(j), seeds[j]));
            }
            List<ImageTask.SampleOutcome> outcomes = context().parallelize(seeded, seeded.size())
                    .map(t -> t._1().sample(features, maxSamples, t._2())).collect();
            for (ImageTask.SampleOutcome outcome : outcomes) {
                ImageInput input = images.get(outcome.index());
                if (outcome.failure() == null && outcome.sample().seed() != pool.nextSeed()) {
                    break; // an image before it failed: it and the rest take other seeds
                }
                try {
                    if (outcome.failure() != null) {
                        onFailure.failed(outcome.index(), input, failure(outcome.failure()));
                    } else {
                        pool.add(outcome.sample());
                    }
                } catch (RuntimeException e) {
                    onFailure.failed(outcome.index(), input, e);
                } finally {
                    onImageDone.run();
                }
                next++;
            }
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
        JavaSparkContext sc = context();
        int n = samples.size();
        int size = EStepChunks.chunkSize(n);
        int d = samples.dimension();
        List<EStepChunks.Chunk> chunks = new ArrayList<>();
        for (int c = 0; c < EStepChunks.chunks(n); c++) {
            int from = c * size;
            int to = Math.min(n, from + size);
            double[] values = Arrays.copyOfRange(samples.values(), from * d, to * d);
            double[] weights = new double[to - from];
            for (int i = from; i < to; i++) {
                weights[i - from] = samples.weight(i);
            }
            chunks.add(EStepChunks.Chunk.of(c, Samples.wrap(values, d, weights)));
        }
        Integer partitions = this.options.partitions();
        // consecutive chunks per partition: parallelize slices the list into contiguous ranges. A
        // parallelized list is sent with every task that reads it; a mapped copy checkpointed in
        // the executors (made by the count) no longer refers to it, so later passes send only the model
        JavaRDD<EStepChunks.Chunk> held = sc.parallelize(chunks, partitions != null ? partitions : sc.defaultParallelism())
                .map(chunk -> chunk);
        held.rdd().localCheckpoint();
        held.count();
        try {
            return EmFitter.fit(samples, new ChunkPass(sc, held, n, samples.totalWeight(), chunks.size()), options);
        } finally {
            held.unpersist(false);
        }
    }

    /** EM's passes on the held chunks: one Spark job per pass, statistics into their chunk's slot. */
    private record ChunkPass(JavaSparkContext sc, JavaRDD<EStepChunks.Chunk> chunks, int size, double totalWeight,
            int count) implements EStepChunks.Pass {
        @Override
        public SufficientStatistics[] statistics(EStepChunks.Model model, boolean moments) {
            Broadcast<EStepChunks.Model> sent = sc.broadcast(model);
            try {
                List<Tuple2<Integer, SufficientStatistics>> collected = chunks
                        .map(chunk -> new Tuple2<>(chunk.index(), chunk.statistics(sent.value(), moments))).collect();
                SufficientStatistics[] slots = new SufficientStatistics[count];
                for (Tuple2<Integer, SufficientStatistics> t : collected) {
                    slots[t._1()] = t._2();
                }
                return slots;
            } finally {
                sent.destroy();
            }
        }
    }

    @Override
    public void close() {
        if (ownsContext && context != null) {
            context.stop();
            context = null;
        }
    }
}
