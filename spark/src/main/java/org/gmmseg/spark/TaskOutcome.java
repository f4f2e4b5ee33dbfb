package org.gmmseg.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gmmseg.core.io.FitSummary;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.OutputFiles;

/**
 * What an executor's job made of one image: an {@link ImageResult} without its input and output
 * paths, which the driver puts back ({@link #toResult}), so the report is the command line's.
 */
final class TaskOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    final ImageResult.Status status;
    final Integer components;
    final FitSummary fit;
    final String error;
    final ArrayList<String> warnings;
    final ArrayList<String> notes;
    final RemoteFailure cause;
    final boolean internal;
    /** The name of the label file written (PNG or TIFF: a volume's is a TIFF), or null. */
    final String labelName;

    private TaskOutcome(int index, ImageResult result) {
        this.index = index;
        this.status = result.status();
        this.components = result.components();
        this.fit = result.fit();
        this.error = result.error();
        this.warnings = new ArrayList<>(result.warnings());
        this.notes = new ArrayList<>(result.notes());
        this.cause = result.cause() == null ? null : RemoteFailure.of(result.cause());
        this.internal = result.internal();
        this.labelName = result.output() == null ? null : result.output().getFileName().toString();
    }

    static TaskOutcome of(int index, ImageResult result) {
        return new TaskOutcome(index, result);
    }

    /** The image's result on the driver: its input as planned, its label file in the batch's folder unless it failed. */
    ImageResult toResult(ImageInput input, OutputFiles files) {
        Path labels = labelName == null ? files.labels() : files.labels().resolveSibling(labelName);
        return new ImageResult(input, status, status == ImageResult.Status.FAILED ? null : labels, components, fit, error,
                List.copyOf(warnings), List.copyOf(notes), cause, internal);
    }
}
