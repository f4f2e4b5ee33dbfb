package org.gmmseg.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.gmmseg.core.ChunkedSamples;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EStepChunks;
import org.gmmseg.segmentation.ImageSample;
import org.gmmseg.segmentation.features.DistinctSamples;

import scala.Tuple2;

/**
 * The pool of a shared model made on the executors, never on the driver: the images' seeded,
 * de-duplicated subsamples (drawn by tasks, kept where they were drawn) merged into the distinct
 * vectors of all of them, in the order in which {@link DistinctSamples} would have met them on one
 * machine (image by image in input order, each image's vectors in its order), each counted as
 * often as it occurs, and cut into EM's chunks there.
 *
 * <p>Every vector of every image becomes an occurrence (image, position, count) keyed by the
 * vector's bits; occurrences of one vector are merged into the first (the smallest image and
 * position) with the counts added (whole numbers, so their sum is exact in any order); the
 * distinct vectors are sorted by their first occurrence, numbered, and their number n puts them
 * in chunk n / chunkSize(N). The driver receives counts only.
 */
final class PooledChunks {
    private PooledChunks() {
    }

    /**
     * @param drawn the images' outcomes, summaries and failures besides
     * @param accepted the seed of each image the pool took, by image index: the outcomes drawn
     *     with it are the images' subsamples in the pool
     * @param dimension D
     * @param pixels the pool's pixel count, the sum of the counts
     * @param partitions how many partitions hold the chunks
     */
    static SparkChunks build(JavaSparkContext sc, JavaRDD<ImageTask.SampleOutcome> drawn, Map<Integer, Long> accepted,
            int dimension, long pixels, int partitions) {
        JavaPairRDD<VectorKey, Occurrence> firsts = drawn
                .filter(o -> o.sample() != null && accepted.containsKey(o.index())
                        && accepted.get(o.index()) == o.sample().seed())
                .flatMapToPair(o -> new Occurrences(o.index(), o.sample()))
                .reduceByKey(Occurrence::first, partitions);
        JavaPairRDD<Long, Tuple2<Long, Row>> numbered = firsts
                .mapToPair(t -> new Tuple2<>(t._2().order(), new Row(t._1().values, t._2().count())))
                .sortByKey(true, partitions)
                .zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        numbered.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long distinct = numbered.count();
            if (distinct > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException(distinct + " distinct samples: more than one fit can hold");
            }
            int n = (int) distinct;
            int size = ChunkedSamples.chunkSize(n);
            int chunks = ChunkedSamples.chunkCount(n);
            JavaRDD<EStepChunks.Chunk> held = numbered
                    .mapToPair(t -> new Tuple2<>((int) (t._1() / size), new Tuple2<>(t._1(), t._2()._2())))
                    .partitionBy(new ChunkPartitioner(chunks, Math.min(partitions, chunks)))
                    .mapPartitions(rows -> chunksOf(rows, n, size, dimension), true);
            return SparkChunks.hold(sc, held, n, dimension, pixels);
        } finally {
            numbered.unpersist(false);
        }
    }

    /** The chunks of a partition's rows (each keyed by its chunk, with its number n), ascending. */
    private static Iterator<EStepChunks.Chunk> chunksOf(Iterator<Tuple2<Integer, Tuple2<Long, Row>>> rows, int n,
            int size, int d) {
        TreeMap<Integer, double[][]> chunks = new TreeMap<>();
        while (rows.hasNext()) {
            Tuple2<Integer, Tuple2<Long, Row>> t = rows.next();
            int c = t._1();
            double[][] arrays = chunks.computeIfAbsent(c, key -> {
                int length = Math.min(n, (key + 1) * size) - key * size;
                return new double[][] {new double[length * d], new double[length]};
            });
            int i = (int) (t._2()._1() - (long) c * size);
            Row row = t._2()._2();
            System.arraycopy(row.values, 0, arrays[0], i * d, d);
            arrays[1][i] = row.count;
        }
        return chunks.entrySet().stream()
                .map(e -> EStepChunks.Chunk.of(e.getKey(), Samples.wrap(e.getValue()[0], d, e.getValue()[1])))
                .iterator();
    }

    /** A vector by its bits, as {@link DistinctSamples} tells vectors apart. */
    static final class VectorKey implements Serializable {
        private static final long serialVersionUID = 1L;
        final double[] values;
        private final int hash;

        VectorKey(double[] values) {
            this.values = values;
            long h = 0x9E3779B97F4A7C15L;
            for (double v : values) {
                h = (h ^ Double.doubleToLongBits(v)) * 0xBF58476D1CE4E5B9L;
                h ^= h >>> 31;
            }
            this.hash = (int) (h ^ (h >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof VectorKey other) || other.values.length != values.length) {
                return false;
            }
            for (int j = 0; j < values.length; j++) {
                if (Double.doubleToLongBits(values[j]) != Double.doubleToLongBits(other.values[j])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Where a vector occurs first (image, position in the image's sample) and how often in all. */
    record Occurrence(int image, int position, long count) implements Serializable {
        /** The earlier of two occurrences of one vector, with both counts. */
        static Occurrence first(Occurrence a, Occurrence b) {
            Occurrence earlier = a.order() <= b.order() ? a : b;
            return new Occurrence(earlier.image, earlier.position, Math.addExact(a.count, b.count));
        }

        /** Image, then position: the order of first occurrence on one machine. */
        long order() {
            return ((long) image << 32) | position;
        }
    }

    /** A distinct vector and its count. */
    record Row(double[] values, double count) implements Serializable {
    }

    /** The occurrences of an image's vectors, made one at a time. */
    private static final class Occurrences implements Iterator<Tuple2<VectorKey, Occurrence>> {
        private final int image;
        private final ImageSample sample;
        private int next;

        Occurrences(int image, ImageSample sample) {
            this.image = image;
            this.sample = sample;
        }

        @Override
        public boolean hasNext() {
            return next < sample.distinct();
        }

        @Override
        public Tuple2<VectorKey, Occurrence> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int d = sample.dimension();
            int p = next++;
            double[] v = Arrays.copyOfRange(sample.values(), p * d, p * d + d);
            return new Tuple2<>(new VectorKey(v), new Occurrence(image, p, (long) sample.counts()[p]));
        }
    }

    /** Chunk c in partition c * P / C: consecutive chunks per partition. */
    private static final class ChunkPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int chunks;
        private final int partitions;

        ChunkPartitioner(int chunks, int partitions) {
            this.chunks = chunks;
            this.partitions = Math.max(1, partitions);
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((long) (Integer) key * partitions / chunks);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkPartitioner other && other.chunks == chunks && other.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return 31 * chunks + partitions;
        }
    }
}
