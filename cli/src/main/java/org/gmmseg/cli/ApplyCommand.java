package org.gmmseg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gmmseg.cli.options.AxesOption;
import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.ThreadsOption;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.Jobs;
import org.gmmseg.segmentation.io.DeclaredAxes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmmseg apply --model MODEL.json INPUT... --out DIR}: labels images with a saved model,
 * computing the features its {@code features} block describes. The outputs, skipping and report
 * are those of {@code segment} ({@link Batch}), without model files.
 */
@Command(name = ApplyCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        sortOptions = false,
        description = {
            "Label images with a saved model (from gmmseg segment, or gmmseg fit on images): every pixel gets its "
                    + "most probable component, 1..K (0: excluded pixel).",
            "Writes DIR/NAME_labels.png (a TIFF stack for a volume or time series) per image and DIR/report.csv. "
                    + "Images whose label file exists are skipped "
                    + "unless --overwrite."
        })
final class ApplyCommand implements Callable<Integer> {
    /** The subcommand's name, a constant so that {@link Main} and {@link CommandLines} need no reflection. */
    static final String NAME = "apply";

    /** Where the images' jobs, the pooling and EM run: this machine, or another front end's engine. */
    private final BatchEngine engine;

    @Spec
    CommandSpec spec;

    ApplyCommand() {
        this(BatchEngine.LOCAL);
    }

    ApplyCommand(BatchEngine engine) {
        this.engine = engine;
    }

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL.json", required = true,
            description = "A model fitted on images (it has a 'features' block).")
    Path modelFile;

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Image files and folders of images (png, jpg, bmp, gif, tif).")
    List<Path> inputs;

    @Mixin
    OutputOptions output;

    @Mixin
    InputOptions inputOptions;

    @Option(names = "--mrf", paramLabel = "BETA|auto",
            description = "Label with a Potts prior of strength BETA (0 to 10; 0: pixel by pixel) or 'auto' (estimated): "
                    + "HMRF mean-field sweeps on each image with the model fixed. By default the model's own (its "
                    + "'mrf' block, from gmmseg segment --mrf), else none.")
    String mrf;

    @Mixin
    AxesOption axesOption;

    @Mixin
    ThreadsOption threads;

    @Mixin
    VerboseOption verboseOption;

    /** Not an option of apply: given, it is explained rather than reported as unknown. */
    @Option(names = {"-k", "--components", "--select"}, paramLabel = "VALUE", hidden = true)
    String selectionOption;

    @Override
    public Integer call() throws IOException, InterruptedException {
        threads.validate();
        if (selectionOption != null) {
            throw new ParameterException(spec.commandLine(), "apply labels with the model's K and covariance type, so "
                    + "it takes no --components or --select; choose K with gmmseg segment or fit (e.g. --components "
                    + "2..8) and apply the model they write");
        }
        DeclaredAxes axes = axesOption.declared();
        SegmentationModel model = SegmentationModel.load(modelFile);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", NAME);
        settings.put("--model", BatchCommands.content(modelFile));
        if (mrf != null) {
            Mrf prior = MrfOption.parse(spec, mrf);
            model = model.withMrf(prior);
            settings.put("--mrf", prior.describe());
        }
        if (axes != null) {
            settings.put("--axes", axes.text());
        }
        try (Batch batch = BatchCommands.plan(spec, inputs, inputOptions, output, false, null, List.of(), settings)) {
            BatchCommands.run(spec, engine, batch, output, "labelling", threads.threads(),
                    Jobs.labelWith(model, null, axes), false);
            return BatchCommands.finish(spec, batch, List.<String[]>of(new String[] {"model", modelFile.toString()}));
        }
    }
}
