package org.gmmseg.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;


/**
 * Runs a pass over N samples in fixed chunks on a fixed number of worker threads.
 *
 * <p>The chunk boundaries depend on N only, never on the thread count, and callers keep one
 * partial result per chunk and merge them in chunk order; that is what makes every result
 * bit-identical for any number of threads (as imglib2's {@code LoopBuilder.forEachChunk}).
 * At most {@value #MAX_CHUNKS} chunks, so per-chunk partial results stay small.
 *
 * <p>Not thread-safe: one pass at a time. Close it to stop the workers.
 */
public final class ChunkedExecutor implements AutoCloseable {
    /** Smallest chunk, so that small inputs are not split into needlessly tiny pieces. */
    static final int MIN_CHUNK = 4096;
    /** Most chunks, bounding the memory held by per-chunk partial results. */
    static final int MAX_CHUNKS = 256;
    /** Sample chunks are a multiple of this: the E-step kernels' block of samples. */
    public static final int SAMPLE_ALIGNMENT = 8;

    /** Work on one chunk: samples [from, to) by the worker with the given index. */
    @FunctionalInterface
    public interface ChunkTask {
        void run(int chunk, int from, int to, int worker);
    }

    private final int n;
    private final int chunkSize;
    private final int chunks;
    private final int threads;
    private final ExecutorService pool;

    /**
     * Chunks of at least {@value #MIN_CHUNK} items, a multiple of {@value #SAMPLE_ALIGNMENT} each:
     * for passes over samples, whose SIMD blocks must never straddle two chunks.
     */
    public ChunkedExecutor(int n, int threads) {
        this(n, threads, MIN_CHUNK, SAMPLE_ALIGNMENT);
    }

    /**
     * @param minChunk the smallest chunk, e.g. a few image rows for passes over rows
     */
    public ChunkedExecutor(int n, int threads, int minChunk) {
        this(n, threads, minChunk, 1);
    }

    private ChunkedExecutor(int n, int threads, int minChunk, int alignment) {
        if (threads < 1 || minChunk < 1) {
            throw new IllegalArgumentException("threads and chunk size must be at least 1");
        }
        this.n = n;
        this.chunkSize = sizeOfChunks(n, minChunk, alignment);
        this.chunks = Math.max(1, (n + chunkSize - 1) / chunkSize);
        this.threads = Math.min(threads, chunks);
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gmmseg-em");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private static int sizeOfChunks(int n, int minChunk, int alignment) {
        int size = Math.max(minChunk, (int) ((n + (long) MAX_CHUNKS - 1) / MAX_CHUNKS));
        return (size + alignment - 1) / alignment * alignment;
    }

    /** The chunk size of a pass over N samples ({@link #ChunkedExecutor(int, int)}), for {@link ChunkedSamples}. */
    static int layoutChunkSize(int n) {
        return sizeOfChunks(n, MIN_CHUNK, SAMPLE_ALIGNMENT);
    }

    /** Number of chunks; partial-result arrays are sized by it. */
    public int chunks() {
        return chunks;
    }

    /** Items per chunk (the last chunk may hold fewer); chunk c starts at c times this. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Number of workers; per-worker scratch arrays are sized by it. */
    public int workers() {
        return threads;
    }

    /** Runs the task on every chunk and returns when all are done; rethrows a task's exception. */
    public void forEachChunk(ChunkTask task) {
        if (pool == null) {
            for (int c = 0; c < chunks; c++) {
                task.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize), 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    task.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize), worker);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new GmmException("interrupted", e);
            } catch (ExecutionException e) {
                futures.forEach(x -> x.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new GmmException(String.valueOf(cause.getMessage()), cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
