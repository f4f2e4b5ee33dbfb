package org.gmmseg.segmentation.features;

import java.util.Arrays;

import org.gmmseg.core.Samples;

/**
 * Collects feature vectors and merges identical ones (bit for bit) into one sample whose weight
 * counts them. EM on the weighted distinct vectors runs as on all the vectors (the same
 * likelihood, the same iterates from the same start), at the cost of the number of distinct
 * values: an 8-bit RGB photo rarely has more than a few hundred thousand colours, whatever its
 * size. The exception is the random-responsibilities initialisation, which draws once per distinct
 * vector and so starts differently (docs/em-derivation.md, section 7). Vectors keep the order of
 * their first occurrence, so the result is deterministic.
 *
 * <p>An open-addressing hash table of indices into a growing flat array; no allocation per vector.
 * Not thread-safe.
 */
public final class DistinctSamples {
    private final int d;
    private double[] values;
    private double[] counts;
    private int size;
    private int[] table;
    private long added;

    public DistinctSamples(int dimension) {
        this.d = dimension;
        this.values = new double[1024 * dimension];
        this.counts = new double[1024];
        this.table = new int[4096];
        Arrays.fill(table, -1);
    }

    /** Adds the vector v[offset..offset+D). */
    public void add(double[] v, int offset) {
        add(v, offset, 1);
    }

    /**
     * Adds the vector v[offset..offset+D) {@code count} times: merging another collector's distinct
     * vectors, in their order, with their counts gives what adding all of its vectors would.
     */
    public void add(double[] v, int offset, long count) {
        added += count;
        int mask = table.length - 1;
        int slot = hash(v, offset) & mask;
        while (true) {
            int index = table[slot];
            if (index < 0) {
                break;
            }
            if (equal(v, offset, index)) {
                counts[index] += count;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            values = Arrays.copyOf(values, size * 2 * d);
        }
        System.arraycopy(v, offset, values, size * d, d);
        counts[size] = count;
        table[slot] = size++;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    private boolean equal(double[] v, int offset, int index) {
        int o = index * d;
        for (int j = 0; j < d; j++) {
            if (Double.doubleToLongBits(values[o + j]) != Double.doubleToLongBits(v[offset + j])) {
                return false;
            }
        }
        return true;
    }

    private int hash(double[] v, int offset) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j = 0; j < d; j++) {
            h = (h ^ Double.doubleToLongBits(v[offset + j])) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int) (h ^ (h >>> 32));
    }

    private void rehash() {
        int[] bigger = new int[table.length * 2];
        Arrays.fill(bigger, -1);
        int mask = bigger.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = hash(values, i * d) & mask;
            while (bigger[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = i;
        }
        table = bigger;
    }

    /** Number of distinct vectors so far. */
    public int distinct() {
        return size;
    }

    /** Number of vectors added so far. */
    public long total() {
        return added;
    }

    /** The distinct vectors weighted by their counts (copies; the collector can go on). */
    public Samples toSamples() {
        return Samples.wrap(Arrays.copyOf(values, size * d), d, Arrays.copyOf(counts, size));
    }
}
