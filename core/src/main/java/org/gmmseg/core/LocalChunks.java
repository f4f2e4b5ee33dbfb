package org.gmmseg.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Samples in this machine's memory, in the chunks of a {@link ChunkedExecutor}, whose threads run
 * the passes. Tasks run here, not serialised. Not thread-safe: one pass at a time (as the
 * executor).
 *
 * @param <C> the chunks' type
 */
public final class LocalChunks<C extends ChunkRows> implements ChunkedSamples<C> {
    private final Samples data;
    private final ChunkedExecutor executor;
    private final List<C> chunks;

    /**
     * @param chunk makes chunk c's view of rows [from, to) of the data
     * @throws IllegalArgumentException if the executor's chunks are not those of the data's N
     */
    public LocalChunks(Samples data, ChunkedExecutor executor, ChunkFactory<C> chunk) {
        int n = data.size();
        int size = ChunkedSamples.chunkSize(n);
        if (executor.chunks() != ChunkedSamples.chunkCount(n) || executor.chunkSize() != size) {
            throw new IllegalArgumentException("the executor's chunks are not those of " + n + " samples");
        }
        this.data = data;
        this.executor = executor;
        List<C> views = new ArrayList<>(executor.chunks());
        for (int c = 0; c < executor.chunks(); c++) {
            views.add(chunk.make(c, c * size, Math.min(n, (c + 1) * size)));
        }
        this.chunks = Collections.unmodifiableList(views);
    }

    /** Plain windows of the data, for tasks that read rows only. */
    public static LocalChunks<ChunkRows> of(Samples data, ChunkedExecutor executor) {
        return new LocalChunks<>(data, executor, (c, from, to) -> new Window(c, data, from, to));
    }

    /** Makes the view of one chunk. */
    @FunctionalInterface
    public interface ChunkFactory<C> {
        C make(int index, int from, int to);
    }

    /** The chunks, in order. */
    public List<C> chunkList() {
        return chunks;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int dimension() {
        return data.dimension();
    }

    @Override
    public double totalWeight() {
        return data.totalWeight();
    }

    @Override
    public <R> List<R> map(Task<? super C, ? extends R> task) {
        Object[] results = new Object[chunks.size()];
        executor.forEachChunk((chunk, from, to, worker) -> results[chunk] = task.run(chunks.get(chunk)));
        return list(results);
    }

    /** Runs on the calling thread: passes over a few chunks are short (e.g. k-means++'s draws). */
    @Override
    public <R> List<R> map(int[] which, Task<? super C, ? extends R> task) {
        Object[] results = new Object[which.length];
        for (int i = 0; i < which.length; i++) {
            results[i] = task.run(chunks.get(which[i]));
        }
        return list(results);
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> list(Object[] results) {
        return (List<R>) Collections.unmodifiableList(Arrays.asList(results));
    }

    /** Rows [from, to) of the data. */
    private record Window(int index, Samples samples, int from, int to, ChunkMemory memory) implements ChunkRows {
        Window(int index, Samples samples, int from, int to) {
            this(index, samples, from, to, new ChunkMemory());
        }
    }
}
