package org.gmmseg.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;

import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.em.KernelWarmUp;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.BatchPlanException;
import org.gmmseg.segmentation.batch.FitSettings;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageProgress;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.InputSelection;
import org.gmmseg.segmentation.batch.Jobs;
import org.gmmseg.segmentation.batch.OutputLayout;
import org.gmmseg.segmentation.io.MaskFormat;

/**
 * Plugins &gt; Segmentation &gt; GMM Segmentation (folder): segments every image of a folder as
 * {@code gmmseg segment FOLDER --out OUTPUT} does, through the same batch code
 * ({@link org.gmmseg.segmentation.batch}): one model per image, or one shared model
 * ({@code OUTPUT/model.json}) fitted on pixels sampled from every image; {@code NAME_labels.png},
 * {@code NAME_model.json}, optionally probabilities and overlays, and {@code report.csv}. Images
 * done by an earlier run with the same settings are skipped, one failing image never stops the
 * others, and the outcome is logged in a few lines. Opens no images, so it runs headless; Esc stops
 * it (the images done so far stay done, a rerun goes on from there). Settings: {@link FolderParameters}.
 */
public final class FolderPlugin implements PlugIn {
    static final String TITLE = "GMM Segmentation (folder)";
    /** The command the output folder's record names, the command line's, so that either can resume a folder. */
    static final String COMMAND = "segment";

    @Override
    public void run(String arg) {
        PluginSupport.run(TITLE, FolderPlugin::segmentFolder);
    }

    private static void segmentFolder() throws IOException {
        KernelWarmUp.start();
        String options = Macro.getOptions();
        FolderParameters p;
        if (options != null) {
            p = FolderParameters.fromMacroOptions(options);
        } else if (PluginSupport.interactive()) {
            p = FolderParameters.showDialog(TITLE);
        } else {
            throw new GmmException("no folders given (input=/path/to/images output=/path/to/results)");
        }
        if (p == null) {
            return;
        }
        SegmentPlugin.logKernel();
        for (String line : segment(p)) {
            IJ.log(TITLE + ": " + line);
        }
    }

    /**
     * Runs the batch and returns what to log: failures and warnings, one line each, then the
     * counts and where the report is.
     *
     * @throws GmmException when the batch cannot start (no images, the output folder in use, done
     *     with other settings without overwrite)
     * @throws CancellationException when Esc stopped it
     */
    static List<String> segment(FolderParameters p) throws IOException {
        SegmentationOptions options = p.toOptions();
        Map<String, String> settings = FitSettings.of(COMMAND, options.features(), options.fit(),
                options.selecting() ? options.selection() : null, null, options.maxSamples());
        settings.put("--shared-model", Boolean.toString(p.shared()));
        Path out = Path.of(p.output());
        Path sharedFile = out.resolve("model.json");
        OutputLayout layout = new OutputLayout(out, MaskFormat.PNG, p.probabilities(), p.overlay(), !p.shared(), null);
        Batch batch;
        try {
            batch = Batch.plan(List.of(Path.of(p.input())), InputSelection.DEFAULT, layout, p.overwrite(),
                    p.shared() ? List.of(sharedFile) : List.of(), settings);
        } catch (BatchPlanException e) {
            throw new GmmException(e.getMessage().replace("--out", "output").replace("--overwrite", "overwrite"));
        }
        List<String> lines = new ArrayList<>(batch.warnings());
        try (batch) {
            int threads = options.fit().threads();
            AtomicInteger done = new AtomicInteger();
            int total = batch.pendingCount();
            Runnable onImageDone = () -> IJ.showProgress(done.incrementAndGet(), total);
            FitMonitor esc = new FitMonitor() {
                @Override
                public boolean cancelled() {
                    return IJ.escapePressed();
                }
            };
            if (total > 0 && !p.shared()) {
                BatchEngine.LOCAL.run(batch, threads, Jobs.fitEach(options.features(), options.fit(),
                        options.selecting() ? options.selection() : null, options.maxSamples()), onImageDone,
                        progress(esc));
            } else if (total > 0) {
                SegmentationModel model = sharedModel(batch, options, sharedFile, threads, lines, esc);
                if (model != null) {
                    BatchEngine.LOCAL.run(batch, threads, Jobs.labelWith(model, model.fit()), onImageDone,
                            progress(esc));
                }
            }
            Batch.Summary summary = batch.finish();
            return report(batch, summary, lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** Shows each image's phase in the status bar; its fits stop on Esc. */
    private static ImageProgress progress(FitMonitor esc) {
        return new ImageProgress() {
            @Override
            public void phase(ImageInput input, Phase phase) {
                IJ.showStatus(TITLE + ": " + input.file().getFileName() + ": " + phase.name().toLowerCase());
            }

            @Override
            public FitMonitor fitMonitor(ImageInput input) {
                return esc;
            }
        };
    }

    /**
     * Fits the shared model on pixels pooled from every readable image and saves it; images that
     * cannot be read fail. Null when it cannot be fitted: the batch is then aborted with the reason.
     */
    private static SegmentationModel sharedModel(Batch batch, SegmentationOptions options, Path file, int threads,
            List<String> lines, FitMonitor esc) throws IOException, InterruptedException {
        List<ImageInput> images = batch.inputs();
        SamplePool pool = new SamplePool(options.features(), options.maxSamples(), options.fit().seed());
        pool.setCancellation(IJ::escapePressed);
        IJ.showStatus(TITLE + ": sampling pixels for the shared model");
        BatchEngine.LOCAL.pool(images, i -> images.get(i).error() == null, pool, threads, null, () -> { },
                (i, input, e) -> {
                    ImageResult failure = ImageResult.failed(input, e);
                    if (batch.pending(i)) {
                        batch.setResult(i, failure);
                    } else {
                        lines.add(input.display() + ": not used for the shared model: " + failure.error());
                    }
                });
        if (IJ.escapePressed()) {
            batch.abort("cancelled (Esc) before the shared model was fitted");
            return null;
        }
        IJ.showStatus(TITLE + ": fitting the shared model");
        Segmenter.Fit fit;
        try {
            SegmentationOptions watched = options.withFit(options.fit().withMonitor(esc));
            fit = watched.selecting() ? pool.select(watched.selection(), c -> { }) : pool.fit(watched.fit());
        } catch (GmmException | CancellationException e) {
            batch.abort("the shared model could not be fitted: " + (e instanceof CancellationException
                    ? "cancelled (Esc)" : e.getMessage()));
            return null;
        }
        fit.model().save(file);
        lines.add("shared model " + file + ": K=" + fit.model().components() + " "
                + fit.model().mixture().covarianceType().id());
        if (fit.model().selection() != null) {
            fit.model().selection().notes().forEach(n -> lines.add("shared model: " + n));
        }
        return fit.model();
    }

    /** The log lines of a finished batch, as the command line's summary has them. */
    private static List<String> report(Batch batch, Batch.Summary summary, List<String> lines) {
        for (ImageResult r : summary.results()) {
            r.warnings().forEach(w -> lines.add("warning: " + r.input().display() + ": " + w));
            r.notes().forEach(n -> lines.add(r.input().display() + ": " + n));
            if (r.status() == ImageResult.Status.FAILED && !summary.byAbort(r)) {
                lines.add(r.input().display() + ": " + r.error());
            }
        }
        if (summary.abortReason() != null) {
            lines.add(summary.abortReason());
        }
        lines.add(summary.results().size() + " images: " + summary.count(ImageResult.Status.OK) + " processed, "
                + summary.count(ImageResult.Status.SKIPPED) + " skipped, " + summary.count(ImageResult.Status.FAILED)
                + " failed; report " + (summary.reportError() == null ? batch.report()
                        : "not written (" + summary.reportError() + ")"));
        return lines;
    }
}
