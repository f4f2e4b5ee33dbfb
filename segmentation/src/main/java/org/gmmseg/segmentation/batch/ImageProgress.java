package org.gmmseg.segmentation.batch;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;

/**
 * What a front end hears of the work on each image of a batch ({@link Jobs}): the phase it is in,
 * and, through a {@link FitMonitor}, every EM iteration of its fit (which can also cancel it). Called
 * from the batch's workers, several images at a time: implementations must be thread-safe and quick.
 */
public interface ImageProgress {
    /** Hears nothing. */
    ImageProgress NONE = new ImageProgress() {
    };

    /** What is done to an image, in this order; a phase may be left out (no fit when labelling with a model). */
    enum Phase {
        READING, FITTING, LABELLING
    }

    /** The image enters a phase. */
    default void phase(ImageInput input, Phase phase) {
    }

    /** The monitor of the image's fit, or null to keep the one of the fit options. */
    default FitMonitor fitMonitor(ImageInput input) {
        return null;
    }
}
