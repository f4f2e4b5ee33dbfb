package org.gmmseg.segmentation.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.MrfLabelling;
import org.gmmseg.segmentation.RangeCheck;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
import org.gmmseg.segmentation.io.DeclaredAxes;

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
        return fitEach(features, fit, selection, maxSamples, false, null);
    }

    /**
     * Fits a model to each image (a volume as one sample set, a time series over all its frames, or each frame on
     * its own), or chooses one by model selection, and writes its files.
     *
     * @param selection the candidates to choose from, or null for one fit with {@code fit}
     * @param maxSamples 0 to fit on every pixel, else a seeded sample of about this many (per frame with
     *     {@code perFrame})
     * @param perFrame whether each frame of a time series gets a model of its own
     * @param axes the axes of the images' pages, or null to take them from each file
     */
    public static Batch.Job fitEach(FeatureSpec features, FitOptions fit, SelectionOptions selection, long maxSamples,
            boolean perFrame, DeclaredAxes axes) {
        return fitEach(features, fit, selection, maxSamples, perFrame, axes, Mrf.NONE);
    }

    /**
     * Fits a model to each image as {@link #fitEach(FeatureSpec, FitOptions, SelectionOptions, long, boolean,
     * DeclaredAxes)}, then, with an active {@code mrf}, refines it by HMRF-EM on the image's pixels (a volume with
     * the 6-neighbourhood; a time series with its frames together, not neighbours) and labels with that
     * ({@link Segmenter#mrf}); the model file records
     * BETA and the sweeps.
     */
    public static Batch.Job fitEach(FeatureSpec features, FitOptions fit, SelectionOptions selection, long maxSamples,
            boolean perFrame, DeclaredAxes axes, Mrf mrf) {
        int maxComponents = selection == null ? fit.components()
                : selection.components().stream().mapToInt(Integer::intValue).max().getAsInt();
        return new AxesJob(axes) {
            private static final long serialVersionUID = 2L;

            /** Tells {@code progress} of each phase; its monitor, when it gives one, replaces the fit options'. */
            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                    throws IOException {
                progress.phase(input, ImageProgress.Phase.READING);
                ImagePixels pixels = Batch.readPixels(input, axes);
                progress.phase(input, ImageProgress.Phase.FITTING);
                FitMonitor monitor = progress.fitMonitor(input);
                List<String> notes = new ArrayList<>();
                if (features.hasXy() && !features.zCoordinate() && pixels.depth() > 1) {
                    notes.add("features " + features.name() + " on a volume use each slice's x and y only; "
                            + features.name() + "z adds z");
                }
                int frames = perFrame ? pixels.frames() : 1;
                List<SegmentationModel> models = new ArrayList<>(frames);
                List<String> warnings = new ArrayList<>();
                Segmenter.Fit last = null;
                for (int t = 0; t < frames; t++) {
                    ImagePixels part = frames > 1 ? pixels.frame(t) : pixels;
                    last = selection == null
                            ? Segmenter.fit(List.of(part), features, watched(fit.withThreads(threads), monitor),
                                    maxSamples)
                            : Segmenter.select(List.of(part), features,
                                    selection.withFit(watched(selection.fit().withThreads(threads), monitor)),
                                    maxSamples);
                    String frame = frames > 1 ? "frame " + (t + 1) + ": " : "";
                    SelectionTable table = last.model().selection();
                    (table == null ? last.result().warnings() : List.<String>of()).forEach(w -> warnings.add(frame + w));
                    (table == null ? List.<String>of() : table.notes()).forEach(n -> notes.add(frame + n));
                    models.add(last.model());
                }
                progress.phase(input, ImageProgress.Phase.LABELLING);
                Path labels;
                if (mrf.active()) {
                    MrfLabelling labelling = Segmenter.mrf(pixels, last.model().withMrf(mrf), true, threads,
                            monitor == null ? FitMonitor.NONE : monitor);
                    labels = files.write(pixels, labelling, threads);
                    return ImageResult.ok(input, labels, labelling.model().components(), labelling.model().fit(),
                            warnings, notes);
                }
                labels = files.write(pixels, models, threads);
                if (frames > 1) {
                    int k = models.stream().mapToInt(SegmentationModel::components).max().getAsInt();
                    return ImageResult.ok(input, labels, k, null, warnings, notes);
                }
                return ImageResult.ok(input, labels, last.model().components(), last.model().fit(), warnings, notes);
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return new MemoryEstimate.Work(features, true, maxSamples, maxComponents, files.probabilities() != null,
                        files.overlay() != null, mrf.active());
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
        return labelWith(model, fit, null);
    }

    /**
     * Labels each image, every frame of a time series, with one model and writes its files.
     *
     * @param fit how the model was fitted, for the report; null when this batch did not fit it
     * @param axes the axes of the images' pages, or null to take them from each file
     */
    public static Batch.Job labelWith(SegmentationModel model, FitSummary fit, DeclaredAxes axes) {
        return new AxesJob(axes) {
            private static final long serialVersionUID = 2L;

            @Override
            public ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                    throws IOException {
                progress.phase(input, ImageProgress.Phase.READING);
                ImagePixels pixels = Batch.readPixels(input, axes);
                progress.phase(input, ImageProgress.Phase.LABELLING);
                Path labels = files.write(pixels, model, threads);
                return ImageResult.ok(input, labels, model.components(), fit,
                        RangeCheck.of(pixels, model, threads).warnings());
            }

            @Override
            public MemoryEstimate.Work work(OutputFiles files) {
                return new MemoryEstimate.Work(model.features(), false, 0, model.components(),
                        files.probabilities() != null, files.overlay() != null, model.mrf().active());
            }
        };
    }

    /** A job that reads its images with declared axes and tells a progress of each phase. */
    private abstract static class AxesJob implements Batch.Job {
        private static final long serialVersionUID = 1L;

        private final DeclaredAxes axes;

        AxesJob(DeclaredAxes axes) {
            this.axes = axes;
        }

        @Override
        public ImageResult process(ImageInput input, OutputFiles files, int threads) throws IOException {
            return process(input, files, threads, ImageProgress.NONE);
        }

        @Override
        public abstract ImageResult process(ImageInput input, OutputFiles files, int threads, ImageProgress progress)
                throws IOException;

        @Override
        public DeclaredAxes axes() {
            return axes;
        }
    }
}
