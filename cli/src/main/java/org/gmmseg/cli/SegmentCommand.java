package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.gmmseg.cli.options.AxesOption;
import org.gmmseg.cli.options.EmOptions;
import org.gmmseg.cli.options.FeatureOptions;
import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.core.em.HmrfOptions;
import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.Jobs;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.DeclaredAxes;
import org.gmmseg.segmentation.io.FileErrors;
import org.gmmseg.segmentation.io.ImageWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmmseg segment INPUT... --components K --out DIR}: fits a mixture to the pixels of each
 * image (or one shared model to all of them) and writes label images, model files and optional
 * probabilities and overlays. A batch ({@link Batch}): images that fail are reported and the others
 * processed; images already done are skipped.
 */
@Command(name = SegmentCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        sortOptions = false,
        description = {
            "Segment images: fit a Gaussian mixture to the pixel features of each image (or one model shared by "
                    + "all of them) and label every pixel with its most probable component, 1..K (0: excluded "
                    + "pixel, e.g. transparent).",
            "Writes DIR/NAME_labels.png (a TIFF stack for a volume or time series) and DIR/NAME_model.json per image "
                    + "(DIR/model.json with --shared-model), "
                    + "and DIR/report.csv. Images whose label file exists are skipped unless --overwrite."
        })
final class SegmentCommand implements Callable<Integer> {
    /** The subcommand's name, a constant so that {@link Main} and {@link CommandLines} need no reflection. */
    static final String NAME = "segment";

    /** The shared model's file name below the output folder. */
    static final String SHARED_MODEL = "model.json";
    /** The shared model's criterion plot below the output folder, without its extension. */
    static final String SHARED_PLOT = "model_selection";

    /** Where the images' jobs, the pooling and EM run: this machine, or another front end's engine. */
    private final BatchEngine engine;

    @Spec
    CommandSpec spec;

    SegmentCommand() {
        this(BatchEngine.LOCAL);
    }

    SegmentCommand(BatchEngine engine) {
        this.engine = engine;
    }

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Image files and folders of images (png, jpg, bmp, gif, tif).")
    List<Path> inputs;

    @Mixin
    OutputOptions output;

    @Option(names = "--shared-model",
            description = "Fit one model on pixels pooled from all images (by default " + FeatureOptions.POOLED_MAX_SAMPLES
                    + " sampled per image, see --max-samples) and label them all with it, so that labels mean the "
                    + "same in every image; written to DIR/" + SHARED_MODEL + " before any image is labelled.")
    boolean sharedModel;

    @Mixin
    InputOptions inputOptions;

    @Mixin
    AxesOption axesOption;

    @Option(names = "--per-frame",
            description = "Fit each frame of a time series on its own (NAME_model_t001.json, ...) instead of one model "
                    + "over all its frames, with which a label means the same in every frame.")
    boolean perFrame;

    @Mixin
    FeatureOptions features;

    @Mixin
    EmOptions em;

    @Option(names = "--mrf", paramLabel = "BETA|auto",
            description = "Spatially coherent labels: after the fit, HMRF-EM on the image's pixels with a Potts prior "
                    + "of strength BETA (0 to " + (int) HmrfOptions.MAX_BETA + "; 0, the default, is the plain GMM) "
                    + "over the 4-neighbourhood (6 on a volume; frames of a time series are not neighbours), refining "
                    + "the model; 'auto' estimates BETA by pseudo-likelihood. "
                    + "About 1 is a good start for noisy images. With --shared-model the sweeps run per image with "
                    + "the shared model fixed. The model file records BETA and the sweeps (docs/em-derivation.md).")
    String mrf;

    @Option(names = "--plot", paramLabel = "FORMAT",
            description = "With several candidates (--components 2..8, --covariance full,diag), also draw the "
                    + "criterion against K: DIR/NAME_selection.FORMAT per image, DIR/" + SHARED_PLOT
                    + ".FORMAT with --shared-model; FORMAT is svg or png.")
    String plot;

    @Mixin
    VerboseOption verboseOption;

    @Override
    public Integer call() throws IOException, InterruptedException {
        em.validate();
        FeatureSpec featureSpec = features.spec();
        if (em.maxComponents() > ImageWriter.MAX_LABEL) {
            throw new ParameterException(spec.commandLine(), "--components must be at most " + ImageWriter.MAX_LABEL
                    + " (the largest label of a 16-bit label image), got " + em.maxComponents());
        }
        if (perFrame && sharedModel) {
            throw new ParameterException(spec.commandLine(), "--per-frame fits each frame alone and --shared-model "
                    + "fits one model to all images; give one of them");
        }
        if (perFrame && output.probabilities() && em.components() != null && em.components().size() > 1) {
            throw new ParameterException(spec.commandLine(), "--probabilities with --per-frame needs one --components: "
                    + "the frames' probabilities go into one stack, so they need the same K");
        }
        DeclaredAxes axes = axesOption.declared();
        String plotExtension = plotExtension();
        Path sharedFile = output.out().resolve(SHARED_MODEL);
        Path sharedPlot = plotExtension == null ? null : output.out().resolve(SHARED_PLOT + "." + plotExtension);
        List<Path> sharedOutputs = new ArrayList<>();
        if (sharedModel) {
            sharedOutputs.add(sharedFile);
            if (sharedPlot != null) {
                sharedOutputs.add(sharedPlot);
            }
        }
        GaussianMixture warmStart = em.readInitialModel(featureSpec);
        FitOptions fitOptions = em.toFitOptions(warmStart);
        SelectionOptions selection = em.selecting() ? em.toSelectionOptions() : null;
        long maxSamples = features.maxSamples(sharedModel ? 2 : 1);
        Map<String, String> settings = BatchCommands.fitSettings(NAME, featureSpec, fitOptions, selection,
                em.initModel(), maxSamples);
        settings.put("--shared-model", Boolean.toString(sharedModel));
        Mrf prior = MrfOption.parse(spec, mrf);
        if (prior.active()) {
            if (perFrame) {
                throw new ParameterException(spec.commandLine(), "--mrf runs on the series' shared model (its frames "
                        + "are fitted together, each with its own field); it does not run with --per-frame");
            }
            settings.put("--mrf", prior.describe());
        }
        if (axes != null) {
            settings.put("--axes", axes.text());
        }
        if (perFrame) {
            settings.put("--per-frame", "true");
        }
        try (Batch batch = BatchCommands.plan(spec, inputs, inputOptions, output, !sharedModel,
                sharedModel ? null : plotExtension, sharedOutputs, settings)) {
            return segment(batch, featureSpec, fitOptions, selection, prior, sharedFile, sharedPlot);
        }
    }

    private int segment(Batch batch, FeatureSpec featureSpec, FitOptions fitOptions, SelectionOptions selection,
            Mrf prior, Path sharedFile, Path sharedPlot) throws IOException, InterruptedException {
        DeclaredAxes axes = axesOption.declared();
        List<String[]> extra = new ArrayList<>();
        if (selection != null) {
            extra.add(new String[] {"selection", selection.criterion() + " over " + selection.gridSize() + " candidates"});
        }
        if (!sharedModel) {
            BatchCommands.run(spec, engine, batch, output, "segmenting", em.threads(),
                    Jobs.fitEach(featureSpec, fitOptions, selection, features.maxSamples(1), perFrame, axes, prior),
                    selection != null);
            return BatchCommands.finish(spec, batch, extra);
        }

        extra.add(new String[] {"model", sharedFile.toString()});
        SegmentationModel model;
        try {
            // checked even when every image is done, so that contradicting options are always refused
            SegmentationModel earlier = earlierSharedModel(featureSpec, fitOptions, selection, sharedFile);
            if (batch.pendingCount() == 0) {
                return BatchCommands.finish(spec, batch, extra);
            }
            if (earlier != null) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("using the shared model " + sharedFile + " of an earlier run (--overwrite fits it anew)");
                err.flush();
                model = earlier;
            } else {
                model = fitSharedModel(batch, featureSpec, fitOptions, selection, sharedFile, axes);
            }
        } catch (GmmException e) {
            batch.abort("the shared model could not be fitted: " + FileErrors.oneLine(e.getMessage()));
            return BatchCommands.finish(spec, batch, extra);
        }
        if (model.selection() != null) {
            extra.add(new String[] {"selected", SelectionReport.choice(model.selection())});
            if (sharedPlot != null) {
                SelectionReport.plot(sharedPlot, model.selection());
                extra.add(new String[] {"plot", sharedPlot.toString()});
            }
        }
        BatchCommands.run(spec, engine, batch, output, "segmenting", em.threads(),
                Jobs.labelWith(model.withMrf(prior), model.fit(), axes), false);
        return BatchCommands.finish(spec, batch, extra);
    }

    /**
     * The shared model an earlier run wrote below the output folder (resuming), unless
     * {@code --overwrite} was given or there is none: then null.
     *
     * @throws ParameterException when it was made with other options (K, covariance, criterion,
     *     features) than these
     * @throws GmmException when it cannot be read
     */
    private SegmentationModel earlierSharedModel(FeatureSpec featureSpec, FitOptions fitOptions,
            SelectionOptions selection, Path file) throws IOException {
        if (output.overwrite() || !Files.exists(file)) {
            return null;
        }
        SegmentationModel existing;
        try {
            existing = SegmentationModel.load(file);
        } catch (ModelFormatException e) {
            throw new GmmException(file + " (of an earlier run): " + FileErrors.oneLine(e.getMessage())
                    + "; use --overwrite to fit it anew", e);
        }
        String wanted = selection == null
                ? describe(fitOptions.components(), fitOptions.covarianceType().id(), featureSpec)
                : describe(selection.components(), selection.covarianceTypes(), selection.criterion(), featureSpec);
        String found = existing.selection() == null || selection == null
                ? describe(existing.components(), existing.mixture().covarianceType().id(), existing.features())
                : describe(existing.selection(), existing.features());
        if (!wanted.equals(found)) {
            throw new ParameterException(spec.commandLine(), file + " of an earlier run has " + found + ", not "
                    + wanted + "; use --overwrite to fit it anew, or another --out");
        }
        return existing;
    }

    /**
     * The shared model fitted on pixels pooled from every image, written before any image is
     * labelled. Images that cannot be read or pooled fail.
     *
     * @throws GmmException when the model cannot be fitted
     */
    private SegmentationModel fitSharedModel(Batch batch, FeatureSpec featureSpec, FitOptions fitOptions,
            SelectionOptions selection, Path file, DeclaredAxes axes) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        List<ImageInput> images = batch.inputs();
        int readable = (int) images.stream().filter(image -> image.error() == null).count();
        SamplePool pool = new SamplePool(featureSpec, features.maxSamples(readable), fitOptions.seed());
        List<String> warnings = new ArrayList<>();
        int threads = em.threads();
        try (Progress progress = Progress.of(err, "sampling", readable, output.quiet())) {
            engine.pool(images, i -> images.get(i).error() == null, pool, threads, axes, inputOptions.limits(),
                    progress::step, (i, input, e) -> {
                        ImageResult failure = ImageResult.failed(input, e);
                        if (batch.pending(i)) {
                            batch.setResult(i, failure);
                        } else {
                            warnings.add(input.display() + ": not used for the shared model: " + failure.error());
                        }
                    });
        }
        Segmenter.Fit fit;
        try {
            boolean verbose = VerboseOption.given(spec);
            if (selection == null) {
                try (Progress progress = Progress.of(err, "fitting", 1, output.quiet())) {
                    fit = engine.fit(pool, fitOptions.withMonitor(new FitProgress(progress, "shared model: ", verbose,
                            false)));
                }
                fit.result().warnings().forEach(w -> warnings.add("shared model: " + w));
            } else {
                try (Progress progress = Progress.of(err, "selecting", "candidates", selection.gridSize(),
                        output.quiet())) {
                    fit = engine.select(pool, selection.withFit(selection.fit().withMonitor(
                            new FitProgress(progress, "shared model: ", verbose, true))), c -> progress.step());
                }
            }
        } catch (OutOfMemoryError e) {
            throw new GmmException(FitCommand.outOfMemory(pool.pixels() + " pooled pixels"), e);
        }
        fit.model().save(file);
        warnings.forEach(w -> err.println("warning: " + w));
        if (fit.model().selection() != null) {
            fit.model().selection().notes().forEach(n -> err.println("note: shared model: " + n));
        }
        err.flush();
        return fit.model();
    }

    /** The --plot format, lower case, or null; a usage error unless there are several candidates. */
    private String plotExtension() {
        if (plot == null) {
            return null;
        }
        String format = plot.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("svg") && !format.equals("png")) {
            throw new ParameterException(spec.commandLine(), "--plot takes the format of the plots, svg or png, not '"
                    + plot + "' (each plot is written next to its model, as NAME_selection.svg or .png)");
        }
        if (!em.selecting()) {
            throw new ParameterException(spec.commandLine(), "--plot draws a model selection; give several "
                    + "--components (e.g. 2..8) or --covariance types (e.g. full,diag)");
        }
        return format;
    }

    /** The candidates of a selection as the options give them, for comparison with an earlier run's model. */
    private static String describe(List<Integer> components, List<CovarianceType> types, Criterion criterion,
            FeatureSpec features) {
        return "K=" + components.stream().map(String::valueOf).collect(Collectors.joining(",")) + " chosen by "
                + criterion + ", covariance " + types.stream().map(CovarianceType::id).collect(Collectors.joining(","))
                + features(features);
    }

    /** The candidates of an earlier run's selection, as {@link #describe(List, List, Criterion, FeatureSpec)}. */
    private static String describe(SelectionTable table, FeatureSpec features) {
        return describe(table.rows().stream().map(SelectionTable.Row::components).distinct().toList(),
                table.rows().stream().map(SelectionTable.Row::covarianceType).distinct().toList(), table.criterion(),
                features);
    }

    private static String describe(int components, String covariance, FeatureSpec features) {
        return "K=" + components + ", covariance " + covariance + features(features);
    }

    private static String features(FeatureSpec features) {
        return ", features " + features.name()
                + (features.hasXy() ? " (xy weight " + features.xyWeight() + ")" : "")
                + (features.smoothingSigma() > 0 ? " (smoothing " + features.smoothingSigma() + ")" : "");
    }
}
