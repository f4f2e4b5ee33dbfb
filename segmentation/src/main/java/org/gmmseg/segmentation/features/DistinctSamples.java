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
 * <p>An open-addressing hash table over a growing flat array of rows, each a distinct vector and
 * its count; no allocation per vector. On a large image the table and the rows outgrow the cache,
 * and the time goes to reading them from memory, so each slot keeps half of its vector's hash beside
 * the row's index (a probe reads a row only when the two agree), a count sits in its vector's row
 * (a repeat reads one row), and {@link #addAll} reads the slots and rows of a batch of vectors
 * before adding them one by one, so that those reads overlap instead of waiting one after another.
 * Not thread-safe.
 */
public final class DistinctSamples {
    /** How many vectors {@link #addAll} looks up at once: enough reads in flight to overlap them. */
    private static final int BATCH = 32;
    /** The bits of a slot that hold the high half of its vector's hash. */
    private static final long TAG = 0xFFFFFFFF00000000L;

    private final int d;
    /** The length of a row: the D values, then the count. */
    private final int stride;
    private double[] rows;
    private int size;
    /** Per slot: 0 when empty, else the high 32 bits of the hash and the row's index + 1. */
    private long[] table;
    private long added;
    private final long[] batchHashes = new long[BATCH];
    /** What the look-ahead reads add up to: they must be used, or the JIT would drop them. */
    private long lookedAhead;

    public DistinctSamples(int dimension) {
        this.d = dimension;
        this.stride = dimension + 1;
        this.rows = new double[1024 * stride];
        this.table = new long[4096];
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
        add(v, offset, count, hash(v, offset));
    }

    /**
     * Adds the n vectors v[from..from+n*D) once each, as n calls of {@link #add(double[], int)} would,
     * batch by batch: first the batch's hashes and a read of each one's slot and of the row it
     * points to, then the adds, which find those in the cache.
     */
    public void addAll(double[] v, int from, int n) {
        for (int start = 0; start < n; start += BATCH) {
            int batch = Math.min(BATCH, n - start);
            int mask = table.length - 1;
            long read = 0;
            for (int i = 0; i < batch; i++) {
                long h = hash(v, from + (start + i) * d);
                batchHashes[i] = h;
                read += table[(int) h & mask];
            }
            for (int i = 0; i < batch; i++) {
                long entry = table[(int) batchHashes[i] & mask];
                if (entry != 0) { // the row's first value and its count: a row may span two cache lines
                    int row = ((int) entry - 1) * stride;
                    read += Double.doubleToRawLongBits(rows[row]) + Double.doubleToRawLongBits(rows[row + d]);
                }
            }
            lookedAhead += read;
            for (int i = 0; i < batch; i++) {
                add(v, from + (start + i) * d, 1, batchHashes[i]);
            }
        }
    }

    private void add(double[] v, int offset, long count, long h) {
        added += count;
        long tag = h & TAG;
        int mask = table.length - 1;
        int slot = (int) h & mask;
        while (true) {
            long entry = table[slot];
            if (entry == 0) {
                break;
            }
            int index = (int) entry - 1;
            if ((entry & TAG) == tag && equal(v, offset, index)) {
                rows[index * stride + d] += count;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if ((long) (size + 1) * stride > rows.length) {
            grow();
        }
        int row = size * stride;
        System.arraycopy(v, offset, rows, row, d);
        rows[row + d] = count;
        table[slot] = tag | (size + 1);
        size++;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    private void grow() {
        long longest = Integer.MAX_VALUE - 8L; // the longest array every JVM allocates
        if (rows.length == longest) {
            throw new IllegalStateException("more than " + size + " distinct feature vectors of " + d
                    + " values: more than one Java array holds");
        }
        rows = Arrays.copyOf(rows, (int) Math.min(2L * rows.length, longest));
    }

    private boolean equal(double[] v, int offset, int index) {
        int o = index * stride;
        for (int j = 0; j < d; j++) {
            if (Double.doubleToLongBits(rows[o + j]) != Double.doubleToLongBits(v[offset + j])) {
                return false;
            }
        }
        return true;
    }

    private long hash(double[] v, int offset) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j = 0; j < d; j++) {
            h = (h ^ Double.doubleToLongBits(v[offset + j])) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    private void rehash() {
        long[] bigger = new long[table.length * 2];
        int mask = bigger.length - 1;
        for (int i = 0; i < size; i++) {
            long h = hash(rows, i * stride);
            int slot = (int) h & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = (h & TAG) | (i + 1);
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
        double[] values = new double[size * d];
        double[] counts = new double[size];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows, i * stride, values, i * d, d);
            counts[i] = rows[i * stride + d];
        }
        return Samples.wrap(values, d, counts);
    }
}
