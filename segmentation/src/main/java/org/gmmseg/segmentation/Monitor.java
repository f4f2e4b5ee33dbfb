package org.gmmseg.segmentation;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Progress and cancellation of long work that runs in blocks, such as labelling a volume
 * ({@link Segmenter#label}): the progress listener hears how many blocks are done, and the
 * cancellation is polled before each block, so Esc in Fiji or Ctrl-C in a command line stops the work
 * within one block.
 *
 * @param progress told {@code (message, blocks done, blocks in all)} after each block; calls may come
 *     from worker threads, but never two at once
 * @param cancellation polled before each block, possibly from worker threads; true stops the work
 */
public record Monitor(ProgressListener progress, BooleanSupplier cancellation) {
    /** Neither progress nor cancellation. */
    public static final Monitor NONE = new Monitor(ProgressListener.NONE, () -> false);

    public Monitor {
        progress = progress == null ? ProgressListener.NONE : progress;
        cancellation = cancellation == null ? () -> false : cancellation;
    }

    /** @throws CancellationException when the cancellation says so */
    public void checkCancelled() {
        if (cancellation.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }
}
