package org.gmmseg.core;

/**
 * The samples of one chunk of a {@link ChunkedSamples}: rows [{@link #from()}, {@link #to()}) of
 * {@link #samples()}, which are rows [c * chunkSize, ...) of the whole set for chunk c =
 * {@link #index()}. On one machine {@link #samples()} is the whole set and the chunk a window of
 * it; elsewhere it holds the chunk's rows alone.
 */
public interface ChunkRows {
    /** The chunk's index c. */
    int index();

    /** The samples holding the chunk's rows; not a copy, do not modify. */
    Samples samples();

    /** The chunk's first row in {@link #samples()}. */
    int from();

    /** One past the chunk's last row in {@link #samples()}. */
    int to();

    /**
     * Memory for a computation that spans passes over the chunk (e.g. k-means++'s distances to
     * the centres chosen so far); it may forget, and then the computation starts again.
     */
    ChunkMemory memory();

    /** Number of rows. */
    default int size() {
        return to() - from();
    }
}
