package org.gmmseg.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EStepChunks;

import scala.Tuple2;

/**
 * Samples held by Spark's executors in EM's chunks ({@link EStepChunks.Chunk}), consecutive
 * chunks per partition, kept in the executors' memory (local checkpoint: spilled to their disks if
 * memory runs short, never recomputed from the source). A pass broadcasts its task, runs it on
 * every chunk (or on the partitions of the chunks named) and returns each chunk's result keyed by
 * the chunk's index, which puts it in its slot; no floating-point sum is left to Spark. Used by one
 * thread per computation; several computations (a model selection's candidates) may run at once.
 */
final class SparkChunks implements ChunkedSamples<EStepChunks.Chunk>, AutoCloseable {
    private final JavaSparkContext sc;
    private final JavaRDD<EStepChunks.Chunk> held;
    private final int size;
    private final int dimension;
    private final double totalWeight;
    /** The partition holding chunk c. */
    private final int[] partitionOf;

    private SparkChunks(JavaSparkContext sc, JavaRDD<EStepChunks.Chunk> held, int size, int dimension,
            double totalWeight) {
        this.sc = sc;
        this.held = held;
        this.size = size;
        this.dimension = dimension;
        this.totalWeight = totalWeight;
        // the chunks stay in the executors: a local checkpoint, made by the first job (which also
        // says where each chunk is), so that no later pass refers to where the chunks came from
        held.rdd().localCheckpoint();
        int[] where = new int[ChunkedSamples.chunkCount(size)];
        Arrays.fill(where, -1);
        for (Tuple2<Integer, Integer> t : held.mapPartitionsWithIndex((p, chunks) -> {
            List<Tuple2<Integer, Integer>> out = new ArrayList<>();
            chunks.forEachRemaining(c -> out.add(new Tuple2<>(c.index(), p)));
            return out.iterator();
        }, true).collect()) {
            where[t._1()] = t._2();
        }
        if (Arrays.stream(where).anyMatch(p -> p < 0)) {
            throw new IllegalStateException("chunks of " + size + " samples missing");
        }
        this.partitionOf = where;
    }

    /**
     * The chunks made on the executors, one per chunk index, consecutive chunks per partition.
     *
     * @param size N, the number of samples they hold together
     */
    static SparkChunks hold(JavaSparkContext sc, JavaRDD<EStepChunks.Chunk> chunks, int size, int dimension,
            double totalWeight) {
        return new SparkChunks(sc, chunks, size, dimension, totalWeight);
    }

    /** The driver's samples, cut into chunks and sent to the executors once. */
    static SparkChunks of(JavaSparkContext sc, Samples samples, int partitions) {
        // parallelize cuts the list into runs of consecutive chunks. The list's own RDD keeps the
        // whole list and would send it with every task that reads it; its mapped copy does not
        JavaRDD<EStepChunks.Chunk> chunks = sc.parallelize(EStepChunks.split(samples), partitions).map(c -> c);
        return hold(sc, chunks, samples.size(), samples.dimension(), samples.totalWeight());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double totalWeight() {
        return totalWeight;
    }

    @Override
    public <R> List<R> map(Task<? super EStepChunks.Chunk, ? extends R> task) {
        Broadcast<Task<? super EStepChunks.Chunk, ? extends R>> sent = sc.broadcast(task);
        try {
            List<Tuple2<Integer, R>> results = held
                    .map(chunk -> new Tuple2<Integer, R>(chunk.index(), sent.value().run(chunk))).collect();
            Object[] slots = new Object[partitionOf.length];
            for (Tuple2<Integer, R> t : results) {
                slots[t._1()] = t._2();
            }
            return list(slots);
        } finally {
            sent.destroy();
        }
    }

    @Override
    public <R> List<R> map(int[] which, Task<? super EStepChunks.Chunk, ? extends R> task) {
        int[] wanted = which.clone();
        int[] partitions = IntStream.of(wanted).map(c -> partitionOf[c]).distinct().sorted().toArray();
        Broadcast<Task<? super EStepChunks.Chunk, ? extends R>> sent = sc.broadcast(task);
        try {
            List<Tuple2<Integer, R>>[] results = held.filter(chunk -> Arrays.binarySearch(wanted, chunk.index()) >= 0)
                    .map(chunk -> new Tuple2<Integer, R>(chunk.index(), sent.value().run(chunk)))
                    .collectPartitions(partitions);
            Object[] slots = new Object[wanted.length];
            for (List<Tuple2<Integer, R>> partition : results) {
                for (Tuple2<Integer, R> t : partition) {
                    slots[Arrays.binarySearch(wanted, t._1())] = t._2();
                }
            }
            return list(slots);
        } finally {
            sent.destroy();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> list(Object[] slots) {
        for (Object slot : slots) {
            if (slot == null) {
                throw new IllegalStateException("a chunk returned no result");
            }
        }
        return (List<R>) Collections.unmodifiableList(Arrays.asList(slots));
    }

    /** Lets the executors drop the chunks. */
    @Override
    public void close() {
        held.unpersist(false);
    }
}
