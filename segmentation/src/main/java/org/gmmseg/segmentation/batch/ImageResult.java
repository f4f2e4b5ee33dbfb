package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.segmentation.io.FileErrors;
import org.gmmseg.segmentation.io.ImageReadException;

/**
 * What became of one image of a batch: a line of {@code report.csv}.
 *
 * @param input the image
 * @param status ok, skipped or failed
 * @param output the label file (written or kept), or null when the image failed
 * @param components K of the model, or null
 * @param fit how the model was fitted (iterations, convergence, log-likelihood), or null when this
 *     batch did not fit it
 * @param error why it failed or was skipped, one line, without the input's name; null when ok
 * @param warnings e.g. EM did not converge
 * @param notes remarks of a model selection (skipped or failed candidates, a choice at the edge)
 * @param cause the exception of a failure, or null
 * @param internal true when the failure is a bug rather than bad input
 */
public record ImageResult(ImageInput input, Status status, Path output, Integer components, FitSummary fit, String error,
        List<String> warnings, List<String> notes, Throwable cause, boolean internal) {

    public enum Status {
        OK, SKIPPED, FAILED;

        /** The name in report.csv. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ImageResult {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public static ImageResult ok(ImageInput input, Path output, int components, FitSummary fit, List<String> warnings) {
        return ok(input, output, components, fit, warnings, List.of());
    }

    public static ImageResult ok(ImageInput input, Path output, int components, FitSummary fit, List<String> warnings,
            List<String> notes) {
        return new ImageResult(input, Status.OK, output, components, fit, null, warnings, notes, null, false);
    }

    public static ImageResult skipped(ImageInput input, Path output, String reason) {
        return new ImageResult(input, Status.SKIPPED, output, null, null, reason, List.of(), List.of(), null, false);
    }

    public static ImageResult failed(ImageInput input, String reason) {
        return new ImageResult(input, Status.FAILED, null, null, null, reason, List.of(), List.of(), null, false);
    }

    /**
     * The failure of an image by an exception: bad input (unreadable image, data the fit cannot
     * use, options that do not suit the image, an output that cannot be written) or, for any
     * other exception, a bug.
     */
    public static ImageResult failed(ImageInput input, Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String reason;
        boolean internal = false;
        if (cause instanceof ImageReadException read && read.file().equals(input.file())) {
            reason = read.reason();
        } else if (cause instanceof IOException io) {
            reason = FileErrors.describe(io);
        } else if (cause instanceof GmmException || cause instanceof IllegalArgumentException) {
            reason = message(cause);
        } else {
            reason = "internal error: " + cause;
            internal = true;
        }
        return new ImageResult(input, Status.FAILED, null, null, null, FileErrors.oneLine(reason), List.of(), List.of(),
                cause, internal);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
