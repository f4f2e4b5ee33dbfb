package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.util.List;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.RangeCheck;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
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
        int maxComponents = selection == null ? fit.components()
                : selection.components().stream().mapToInt(Integer::intValue).max().getAsInt();
        return new Batch.Job() {
            private static final long serialVersionUID = 1L;

            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads) throws IOException {
                return process(input, files, threads, ImageProgress.NONE);
            }

            /** Tells {@code progress} of each phase; its monitor, when it gives one, replaces the fit options'. */
            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                    throws IOException {
                progress.phase(input, ImageProgress.Phase.READING);
                ImagePixels pixels = Batch.readPixels(input);
                progress.phase(input, ImageProgress.Phase.FITTING);
                FitMonitor monitor = progress.fitMonitor(input);
                Segmenter.Fit result = selection == null
                        ? Segmenter.fit(List.of(pixels), features, watched(fit.withThreads(threads), monitor), maxSamples)
                        : Segmenter.select(List.of(pixels), features,
                                selection.withFit(watched(selection.fit().withThreads(threads), monitor)), maxSamples);
                progress.phase(input, ImageProgress.Phase.LABELLING);
                files.write(pixels, result.model(), threads);
                SelectionTable table = result.model().selection();
                return ImageResult.ok(input, files.labels(), result.model().components(), result.model().fit(),
                        table == null ? result.result().warnings() : List.of(),
                        table == null ? List.of() : table.notes());
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return new MemoryEstimate.Work(features, true, maxSamples, maxComponents, files.probabilities() != null,
                        files.overlay() != null);
            }
        };
    }

    /** The options with the monitor, or as they are when it is null. */
    private static FitOptions watched(FitOptions options, FitMonitor monitor) {
        return monitor == null ? options : options.withMonitor(monitor);
    }

    /**
     * Labels each image with one model and writes its files; an image that fails the model's
     * {@link RangeCheck} gets its warnings.
     *
     * @param fit how the model was fitted, for the report; null when this batch did not fit it
     */
    public static Batch.Job labelWith(SegmentationModel model, FitSummary fit) {
        return new Batch.Job() {
            private static final long serialVersionUID = 1L;

            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads) throws IOException {
                return process(input, files, threads, ImageProgress.NONE);
            }

            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                    throws IOException {
                progress.phase(input, ImageProgress.Phase.READING);
                ImagePixels pixels = Batch.readPixels(input);
                progress.phase(input, ImageProgress.Phase.LABELLING);
                files.write(pixels, model, threads);
                return ImageResult.ok(input, files.labels(), model.components(), fit,
                        RangeCheck.of(pixels, model, threads).warnings());
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return new MemoryEstimate.Work(model.features(), false, 0, model.components(),
                        files.probabilities() != null, files.overlay() != null);
            }
        };
    }
}
