package org.gmmseg.segmentation;

/**
 * Receives progress of longer work, such as {@link BatchSegmenter} runs over stack slices or
 * files, and of every EM iteration or model-selection candidate within a fit. Called on the
 * working threads (a model selection's candidates run at once, so possibly several at a time);
 * implementations should be thread-safe and return quickly.
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
