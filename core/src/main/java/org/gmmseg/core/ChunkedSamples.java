package org.gmmseg.core;

import java.io.Serializable;
import java.util.List;

/**
 * N weighted samples held in fixed chunks, on this machine or on others, and passes over them:
 * a pass runs a task on every chunk (or on some) and returns the chunks' results in chunk order,
 * for the caller to merge in that order. The chunks are {@link ChunkedExecutor}'s for N samples
 * ({@link #chunkSize(int)}, {@link #chunkCount(int)}), fixed by N alone, so a computation that
 * merges its chunks' results in chunk order gives the same bits on one thread, several threads or
 * several machines (EM, its initialisation, the entropy of a model selection).
 *
 * <p>Implementations: {@link LocalChunks} (this machine's threads) and, e.g., chunks held by a
 * cluster's executors, to which tasks travel serialised. A pass is called by one thread at a
 * time per computation; several computations may share the chunks.
 *
 * @param <C> what a chunk gives its tasks
 */
public interface ChunkedSamples<C extends ChunkRows> {
    /** N, the number of samples. */
    int size();

    /** D, the number of features. */
    int dimension();

    /** The sum of the weights, as {@link Samples#totalWeight()} gives it for all N samples. */
    double totalWeight();

    /** The number of chunks, {@link #chunkCount(int) chunkCount(size())}. */
    default int chunks() {
        return chunkCount(size());
    }

    /**
     * Runs the task on every chunk.
     *
     * @return element c is chunk c's result
     */
    <R> List<R> map(Task<? super C, ? extends R> task);

    /**
     * Runs the task on the chunks named.
     *
     * @param chunks chunk indices, ascending, without repeats
     * @return the results, in the order of {@code chunks}
     */
    <R> List<R> map(int[] chunks, Task<? super C, ? extends R> task);

    /**
     * Work on one chunk. Serialisable, so that it can travel to the chunk; it must not modify
     * the chunk's samples and should keep its own state in local variables (or in the chunk's
     * {@link ChunkRows#memory()}).
     */
    @FunctionalInterface
    interface Task<C, R> extends Serializable {
        R run(C chunk);
    }

    /** Samples per chunk for N samples: a multiple of 8 (the E-step kernel's block), at least 4096, at most 256 chunks. */
    static int chunkSize(int n) {
        return ChunkedExecutor.layoutChunkSize(n);
    }

    /** Number of chunks of N samples (at least 1). */
    static int chunkCount(int n) {
        int size = chunkSize(n);
        return Math.max(1, (n + size - 1) / size);
    }
}
