package org.gmmseg.segmentation.batch;

import java.util.List;

import org.gmmseg.core.FitOptions;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;

/** The work a batch does on each image ({@link Batch.Job}s), the same for every front end. */
public final class Jobs {
    private Jobs() {
    }

    /**
     * Fits a model to each image, or chooses one by model selection, and writes its files.
     *
     * @param selection the candidates to choose from, or null for one fit with {@code fit}
     * @param maxSamples 0 to fit on every pixel, else a seeded sample of about this many
     */
    public static Batch.Job fitEach(FeatureSpec features, FitOptions fit, SelectionOptions selection, long maxSamples) {
        return (input, files, threads) -> {
            ImagePixels pixels = Batch.readPixels(input);
            Segmenter.Fit result = selection == null
                    ? Segmenter.fit(List.of(pixels), features, fit.withThreads(threads), maxSamples)
                    : Segmenter.select(List.of(pixels), features, selection.withFit(selection.fit().withThreads(threads)),
                            maxSamples);
            files.write(pixels, result.model(), threads);
            SelectionTable table = result.model().selection();
            return ImageResult.ok(input, files.labels(), result.model().components(), result.model().fit(),
                    table == null ? result.result().warnings() : List.of(), table == null ? List.of() : table.notes());
        };
    }

    /**
     * Labels each image with one model and writes its files.
     *
     * @param fit how the model was fitted, for the report; null when this batch did not fit it
     */
    public static Batch.Job labelWith(SegmentationModel model, FitSummary fit) {
        return (input, files, threads) -> {
            ImagePixels pixels = Batch.readPixels(input);
            files.write(pixels, model, threads);
            return ImageResult.ok(input, files.labels(), model.components(), fit, List.of());
        };
    }
}
