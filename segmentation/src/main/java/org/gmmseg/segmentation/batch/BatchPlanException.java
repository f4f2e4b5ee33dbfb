package org.gmmseg.segmentation.batch;

/**
 * A batch that cannot start as asked (no images, an output that would overwrite an input, ...);
 * nothing was written. Front ends show it as a usage error.
 */
public final class BatchPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatchPlanException(String message) {
        super(message);
    }
}
