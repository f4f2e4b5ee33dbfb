package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.gmmseg.cli.ImageInputs.ImageInput;
import org.gmmseg.cli.options.EmOptions;
import org.gmmseg.cli.options.FeatureOptions;
import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.features.ImagePixels;
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
@Command(name = "segment",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        sortOptions = false,
        description = {
            "Segment images: fit a Gaussian mixture to the pixel features of each image (or one model shared by "
                    + "all of them) and label every pixel with its most probable component, 1..K (0: excluded "
                    + "pixel, e.g. transparent).",
            "Writes DIR/NAME_labels.png and DIR/NAME_model.json per image (DIR/model.json with --shared-model), "
                    + "and DIR/report.csv. Images whose label file exists are skipped unless --overwrite."
        })
final class SegmentCommand implements Callable<Integer> {
    /** The shared model's file name below the output folder. */
    static final String SHARED_MODEL = "model.json";

    @Spec
    CommandSpec spec;

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
    FeatureOptions features;

    @Mixin
    EmOptions em;

    @Mixin
    VerboseOption verboseOption;

    @Override
    public Integer call() throws IOException, InterruptedException {
        em.validate();
        FeatureSpec featureSpec = features.spec();
        if (em.components() != null && em.components() > ImageWriter.MAX_LABEL) {
            throw new ParameterException(spec.commandLine(), "--components must be at most " + ImageWriter.MAX_LABEL
                    + " (the largest label of a 16-bit label image), got " + em.components());
        }
        Path sharedFile = output.out().resolve(SHARED_MODEL);
        Batch batch = Batch.plan(spec, inputs, inputOptions, output, !sharedModel,
                sharedModel ? List.of(sharedFile) : List.of());
        GaussianMixture warmStart = em.readInitialModel();
        FitOptions fitOptions = em.toFitOptions(warmStart);
        if (!sharedModel) {
            long maxSamples = features.maxSamples(1);
            batch.run("segmenting", em.threads(), (input, files, threads) -> {
                ImagePixels pixels = Batch.readPixels(input);
                Segmenter.Fit fit = Segmenter.fit(List.of(pixels), featureSpec, fitOptions.withThreads(threads),
                        maxSamples);
                files.write(pixels, fit.model(), threads);
                return ImageResult.ok(input, files.labels(), fit.model().components(), fit.model().fit(),
                        fit.result().warnings());
            });
            return batch.finish(List.of());
        }

        List<String[]> extra = new ArrayList<>();
        extra.add(new String[] {"model", sharedFile.toString()});
        if (batch.pendingCount() == 0) {
            return batch.finish(extra);
        }
        SegmentationModel model;
        try {
            model = sharedModel(batch, featureSpec, fitOptions, sharedFile);
        } catch (GmmException e) {
            batch.abort("the shared model could not be fitted: " + ErrorHandler.oneLine(e.getMessage()));
            return batch.finish(extra);
        }
        FitSummary fit = model.fit();
        batch.run("segmenting", em.threads(), (input, files, threads) -> {
            ImagePixels pixels = Batch.readPixels(input);
            files.write(pixels, model, threads);
            return ImageResult.ok(input, files.labels(), model.components(), fit, List.of());
        });
        return batch.finish(extra);
    }

    /**
     * The shared model: the one an earlier run wrote (resuming), unless {@code --overwrite}; else
     * fitted on pixels pooled from every image and written before any image is labelled. Images
     * that cannot be read or pooled fail.
     *
     * @throws GmmException when the model cannot be fitted
     */
    private SegmentationModel sharedModel(Batch batch, FeatureSpec featureSpec, FitOptions fitOptions, Path file)
            throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(file) && !output.overwrite()) {
            SegmentationModel existing;
            try {
                existing = SegmentationModel.load(file);
            } catch (ModelFormatException e) {
                throw new GmmException(file + " (of an earlier run): " + ErrorHandler.oneLine(e.getMessage())
                        + "; use --overwrite to fit it anew", e);
            }
            String wanted = describe(fitOptions.components(), fitOptions.covarianceType().id(), featureSpec);
            String found = describe(existing.components(), existing.mixture().covarianceType().id(), existing.features());
            if (!wanted.equals(found)) {
                throw new ParameterException(spec.commandLine(), file + " of an earlier run has " + found + ", not "
                        + wanted + "; use --overwrite to fit it anew, or another --out");
            }
            err.println("using the shared model " + file + " of an earlier run (--overwrite fits it anew)");
            err.flush();
            return existing;
        }

        List<ImageInput> images = batch.inputs();
        int readable = (int) images.stream().filter(image -> image.error() == null).count();
        SamplePool pool = new SamplePool(featureSpec, features.maxSamples(readable), fitOptions.seed());
        List<String> warnings = new ArrayList<>();
        int threads = em.threads();
        try (Progress progress = Progress.of(err, "sampling", readable, output.quiet())) {
            ImagePooling.add(images, i -> images.get(i).error() == null, pool, threads, progress, (i, input, e) -> {
                ImageResult failure = ImageResult.failed(input, e);
                if (batch.pending(i)) {
                    batch.setResult(i, failure);
                } else {
                    warnings.add(input.display() + ": not used for the shared model: " + failure.error());
                }
            });
        }
        Segmenter.Fit fit = pool.fit(fitOptions);
        fit.model().save(file);
        fit.result().warnings().forEach(w -> warnings.add("shared model: " + w));
        warnings.forEach(w -> err.println("warning: " + w));
        err.flush();
        return fit.model();
    }

    private static String describe(int components, String covariance, FeatureSpec features) {
        return "K=" + components + ", covariance " + covariance + ", features " + features.name()
                + (features.hasXy() ? " (xy weight " + features.xyWeight() + ")" : "")
                + (features.smoothingSigma() > 0 ? " (smoothing " + features.smoothingSigma() + ")" : "");
    }
}
