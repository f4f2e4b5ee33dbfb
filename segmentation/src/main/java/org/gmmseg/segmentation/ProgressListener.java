package org.gmmseg.segmentation;

/**
 * Receives progress of longer work, such as {@link BatchSegmenter} runs over stack slices or
 * files. Called on the working thread, between steps; implementations should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores all progress. */
    ProgressListener NONE = (message, done, total) -> {
    };

    /**
     * @param message what is being done, e.g. {@code "labelling 3/10"}
     * @param done steps finished so far
     * @param total steps in all
     */
    void progress(String message, int done, int total);
}
