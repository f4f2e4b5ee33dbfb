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

import org.gmmseg.cli.options.AxesOption;
import org.gmmseg.cli.options.EmOptions;
import org.gmmseg.cli.options.FeatureOptions;
import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.io.FeatureTables;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.io.TableFormatException;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.core.select.SelectionResult;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.SamplePool;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.Segmenter;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.ImageInputs;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.batch.InputSelection;
import org.gmmseg.segmentation.batch.ReadLimits;
import org.gmmseg.segmentation.features.FeatureSpec;
import org.gmmseg.segmentation.io.DeclaredAxes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmmseg fit INPUT... --components K --model OUT.json}: fits a mixture to the rows of
 * feature tables, or to the pixels of images pooled into one sample set, and writes it with its
 * {@code fit} block (and, for images, the {@code features} block that {@code apply} needs). The
 * summary goes to stdout as aligned "key value" lines; warnings (e.g. no convergence) go to stderr
 * as "warning: ...".
 *
 * <p>An input ending in .csv or .npy is a table; any other file, and every folder, holds images.
 * Tables and images cannot be fitted together, and the image options ({@code --features} etc.)
 * are refused for tables. Unlike {@code segment}, a fit needs all its inputs: one that cannot be
 * read fails the command.
 */
@Command(name = FitCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        sortOptions = false,
        description = {
            "Fit a Gaussian mixture by EM to the rows of feature tables, or to the pixels of images, and write it as "
                    + "a model file.",
            "Several tables are concatenated; they must have the same number of columns. The pixels of several "
                    + "images are pooled (identical feature vectors merged; by default " + FeatureOptions.POOLED_MAX_SAMPLES
                    + " sampled per image), and the model can then label images with gmmseg apply."
        })
final class FitCommand implements Callable<Integer> {
    /** The subcommand's name, a constant so that {@link Main} and {@link CommandLines} need no reflection. */
    static final String NAME = "fit";

    /** Where the images' jobs, the pooling and EM run: this machine, or another front end's engine. */
    private final BatchEngine engine;

    @Spec
    CommandSpec spec;

    FitCommand() {
        this(BatchEngine.LOCAL);
    }

    FitCommand(BatchEngine engine) {
        this.engine = engine;
    }

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Feature tables, one sample per row (.csv, or .npy with a 2-D array), or image files and "
                    + "folders of images. A .csv header row is optional: the first line is the header when any of "
                    + "its fields is text, not a number.")
    List<Path> inputs;

    @Option(names = {"-m", "--model"}, paramLabel = "OUT.json", required = true,
            description = "Where to write the fitted model (folders are created).")
    Path model;

    @Mixin
    EmOptions em;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "With several candidates (--components 2..8, --covariance full,diag), also draw the "
                    + "criterion against K, one line per covariance type, to FILE (.svg or .png).")
    Path plot;

    @Mixin
    FeatureOptions features;

    @Mixin
    InputOptions inputOptions;

    @Mixin
    AxesOption axesOption;

    @Mixin
    VerboseOption verboseOption;

    @Override
    public Integer call() throws IOException, InterruptedException {
        em.validate();
        if (plot != null) {
            if (!em.selecting()) {
                throw new ParameterException(spec.commandLine(), "--plot draws a model selection; give several "
                        + "--components (e.g. 2..8) or --covariance types (e.g. full,diag)");
            }
            SelectionReport.checkPlotFile(spec, "--plot", plot);
        }
        List<Path> tables = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        for (Path input : inputs) {
            (isTable(input) ? tables : images).add(input);
        }
        if (!tables.isEmpty() && !images.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "cannot fit feature tables (" + tables.get(0)
                    + ") and images (" + images.get(0) + ") together; fit them separately");
        }
        try {
            return images.isEmpty() ? fitTables(tables) : fitImages(images);
        } catch (OutOfMemoryError e) {
            // the data and the fit's buffers are unreachable now: enough memory is left to say so
            throw new GmmException(outOfMemory(images.isEmpty() ? "the tables" : "the images' samples"), e);
        }
    }

    /** The message of a fit that ran out of memory, with what to do. */
    static String outOfMemory(String what) {
        return "out of memory fitting " + what + " (Java may use " + ReadLimits.bytes(Runtime.getRuntime().maxMemory())
                + "); fit on fewer samples (--max-samples for images), or give Java more memory, e.g. "
                + "GMMSEG_JAVA_OPTS=-Xmx8g ./gmmseg ...";
    }

    /** A .csv or .npy file (in any case) that is not a folder. */
    static boolean isTable(Path input) {
        String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".csv") || name.endsWith(".npy")) && !Files.isDirectory(input);
    }

    private int fitTables(List<Path> tables) throws IOException {
        String imageOption = features.firstGiven();
        if (imageOption == null && !inputOptions.isDefault()) {
            imageOption = inputOptions.recursive() ? "--recursive" : "--glob";
        }
        if (imageOption == null && axesOption.given()) {
            imageOption = "--axes";
        }
        if (imageOption != null) {
            throw new ParameterException(spec.commandLine(), imageOption + " applies to images, but " + tables.get(0)
                    + " is a feature table");
        }
        checkOutput(tables);
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = VerboseOption.given(spec);

        Samples samples = readTables(tables, err, verbose);
        if (em.selecting()) {
            SelectionOptions options = em.toSelectionOptions();
            SelectionResult selection;
            try (Progress progress = Progress.of(err, "selecting", "candidates", options.gridSize(), false)) {
                selection = engine.select(samples, watched(options, progress), c -> progress.step());
            }
            SelectionTable table = SelectionTable.of(selection);
            FitResult result = selection.fitResult();
            printNotes(table, result);
            ModelFile.write(model, new ModelFile.Document(result.model(), FitSummary.of(selection, options.fit()),
                    Map.of(SelectionTable.KEY, table.toJson())));
            writePlot(table);
            printSummary(result, result.model(), List.of(), List.of(), table);
            return ExitCodes.OK;
        }
        GaussianMixture warmStart = em.readInitialModel();
        FitOptions options = em.toFitOptions(warmStart);
        FitResult result;
        try (Progress progress = Progress.of(err, "fitting", 1, false)) {
            result = engine.fit(samples, options.withMonitor(new FitProgress(progress, "", verbose, false)));
        }
        printWarnings(result);
        ModelFile.write(model, new ModelFile.Document(result.model(), FitSummary.of(result, options), Map.of()));
        printSummary(result, result.model(), List.of(), List.of(), null);
        return ExitCodes.OK;
    }

    private int fitImages(List<Path> arguments) throws IOException, InterruptedException {
        FeatureSpec featureSpec = features.spec();
        DeclaredAxes axes = axesOption.declared();
        PrintWriter err = spec.commandLine().getErr();
        InputSelection inputSelection = inputOptions.selection();
        ImageInputs.Scan scan = ImageInputs.scan(arguments, inputSelection, null);
        List<ImageInput> images = scan.images();
        if (images.isEmpty()) {
            throw new ParameterException(spec.commandLine(), ImageInputs.nothingFound("fit", arguments, inputSelection));
        }
        scan.warnings().forEach(w -> err.println("warning: " + w));
        for (ImageInput image : images) {
            if (image.error() != null) {
                throw new GmmException(image.display() + ": " + image.error());
            }
        }
        checkOutput(images.stream().map(ImageInput::file).toList());
        GaussianMixture warmStart = em.readInitialModel(featureSpec);
        FitOptions options = em.toFitOptions(warmStart);

        SamplePool pool = new SamplePool(featureSpec, features.maxSamples(images.size()), options.seed());
        try (Progress progress = Progress.of(err, "reading", images.size(), false)) {
            engine.pool(images, i -> true, pool, em.threads(), axes, inputOptions.limits(), progress::step,
                    (i, input, e) -> {
                        ImageResult failure = ImageResult.failed(input, e);
                        if (failure.internal()) {
                            throw new IllegalStateException(input.display() + ": " + failure.error(), e);
                        }
                        throw new GmmException(input.display() + ": " + failure.error(), e);
                    });
        }
        Segmenter.Fit fit;
        if (em.selecting()) {
            SelectionOptions selection = em.toSelectionOptions();
            try (Progress progress = Progress.of(err, "selecting", "candidates", selection.gridSize(), false)) {
                fit = engine.select(pool, watched(selection, progress), c -> progress.step());
            }
            printNotes(fit.model().selection(), fit.result());
        } else {
            try (Progress progress = Progress.of(err, "fitting", 1, false)) {
                fit = engine.fit(pool, options.withMonitor(new FitProgress(progress, "", VerboseOption.given(spec),
                        false)));
            }
            printWarnings(fit.result());
        }
        SegmentationModel fitted = fit.model();
        fitted.save(model);
        if (fitted.selection() != null) {
            writePlot(fitted.selection());
        }
        List<String> names = fitted.pipeline().names();
        printSummary(fit.result(), fitted.mixture(),
                List.of(new String[] {"features", fitted.features().name() + " (" + String.join(", ", names) + ")"},
                        new String[] {"images", Integer.toString(pool.images()) + axesNote(fitted)}),
                List.<String[]>of(new String[] {"distinct", Formats.number(fit.distinct())}), fitted.selection());
        return ExitCodes.OK;
    }

    /** The kinds of images fitted on, when not only 2-D ones: e.g. " (xyz)". */
    private static String axesNote(SegmentationModel model) {
        return model.axes().equals(List.of(SegmentationModel.PLANE)) ? "" : " (" + String.join(", ", model.axes()) + ")";
    }

    /** The selection's fits shown on the bar of its candidates (and with --verbose, every iteration). */
    private SelectionOptions watched(SelectionOptions selection, Progress progress) {
        return selection.withFit(selection.fit().withMonitor(
                new FitProgress(progress, "", VerboseOption.given(spec), true)));
    }

    private void printWarnings(FitResult result) {
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        printRestarts(result);
    }

    /**
     * The notes of a model selection on stderr, "note: ...": candidates skipped, failed or fitted
     * with a larger regCovar, EM not converging, a choice at the edge of the grid.
     */
    private void printNotes(SelectionTable table, FitResult chosen) {
        PrintWriter err = spec.commandLine().getErr();
        for (String note : table.notes()) {
            err.println("note: " + note);
        }
        printRestarts(chosen);
    }

    private void writePlot(SelectionTable table) throws IOException {
        if (plot != null) {
            SelectionReport.plot(plot, table);
        }
    }

    /** With --verbose, the final lower bound of each restart. */
    private void printRestarts(FitResult result) {
        PrintWriter err = spec.commandLine().getErr();
        if (VerboseOption.given(spec)) {
            double[] bounds = result.restartLowerBounds();
            for (int r = 0; r < bounds.length; r++) {
                err.println("restart " + (r + 1) + "/" + bounds.length + ": final lower bound " + Formats.number(bounds[r])
                        + (r == result.bestRestart() ? " (kept)" : ""));
            }
        }
        err.flush();
    }

    /**
     * The summary on stdout.
     *
     * @param afterDimension lines after "dimension" (features, images)
     * @param afterSamples lines after "samples" (distinct)
     * @param selection the model selection, whose choice and table follow the summary; or null
     */
    private void printSummary(FitResult result, GaussianMixture fitted, List<String[]> afterDimension,
            List<String[]> afterSamples, SelectionTable selection) {
        List<String[]> summary = new ArrayList<>();
        summary.add(new String[] {"components", Integer.toString(fitted.components())});
        summary.add(new String[] {"dimension", Integer.toString(fitted.dimension())});
        summary.addAll(afterDimension);
        summary.add(new String[] {"samples", Formats.number(result.nSamples())});
        summary.addAll(afterSamples);
        summary.add(new String[] {"covariance", fitted.covarianceType().id()});
        summary.add(new String[] {"iterations", Integer.toString(result.iterations())});
        summary.add(new String[] {"converged", Boolean.toString(result.converged())});
        summary.add(new String[] {"mean-log-likelihood", Formats.number(result.logLikelihood())});
        summary.add(new String[] {"bic", Formats.number(result.bic())});
        summary.add(new String[] {"aic", Formats.number(result.aic())});
        if (selection != null) {
            summary.add(new String[] {"selected", SelectionReport.choice(selection)});
        }
        summary.add(new String[] {"model", model.toString()});
        if (selection != null && plot != null) {
            summary.add(new String[] {"plot", plot.toString()});
        }
        PrintWriter out = spec.commandLine().getOut();
        Formats.keyValues(summary).forEach(out::println);
        if (selection != null) {
            out.println();
            SelectionReport.table(selection).forEach(out::println);
        }
        out.flush();
    }

    /**
     * Refuses an output that is a folder or one of the input tables, and creates its folder, so
     * that a fit is not wasted on an output that cannot be written.
     */
    private void checkOutput(List<Path> inputFiles) throws IOException {
        if (model.toString().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--model is empty; give a file name");
        }
        if (Files.isDirectory(model)) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " is a folder; give a file name");
        }
        for (Path input : inputFiles) {
            if (sameFile(model, input)) {
                throw new ParameterException(spec.commandLine(),
                        "--model " + model + " would overwrite the input " + (isTable(input) ? "table " : "image ") + input
                                + "; choose another file");
            }
            if (plot != null && sameFile(plot, input)) {
                throw new ParameterException(spec.commandLine(),
                        "--plot " + plot + " would overwrite the input " + (isTable(input) ? "table " : "image ") + input
                                + "; choose another file");
            }
        }
        if (plot != null && sameFile(plot, model)) {
            throw new ParameterException(spec.commandLine(), "--plot and --model are the same file " + model);
        }
        Path parent = model.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Reads and concatenates the tables; errors name the table. */
    private static Samples readTables(List<Path> tables, PrintWriter err, boolean verbose) throws IOException {
        List<Samples> parts = new ArrayList<>(tables.size());
        long rows = 0;
        boolean weighted = false;
        for (Path table : tables) {
            Samples part = readTable(table);
            if (!parts.isEmpty() && part.dimension() != parts.get(0).dimension()) {
                throw new GmmException(table + " has " + part.dimension() + " columns but " + tables.get(0) + " has "
                        + parts.get(0).dimension());
            }
            if (verbose) {
                err.println("read " + table + ": " + part.size() + " rows x " + part.dimension() + " columns");
            }
            parts.add(part);
            rows += part.size();
            weighted |= part.weighted();
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int d = parts.get(0).dimension();
        if (rows * d > Integer.MAX_VALUE - 8) {
            throw new GmmException("the tables hold " + rows + " rows of " + d + " values, more than one array can hold;"
                    + " fit a subsample");
        }
        double[] values = new double[(int) (rows * d)];
        double[] weights = weighted ? new double[(int) rows] : null;
        int row = 0;
        for (Samples part : parts) {
            System.arraycopy(part.values(), 0, values, row * d, part.size() * d);
            if (weights != null) {
                for (int i = 0; i < part.size(); i++) {
                    weights[row + i] = part.weight(i);
                }
            }
            row += part.size();
        }
        return Samples.wrap(values, d, weights);
    }

    private static Samples readTable(Path table) throws IOException {
        Samples samples;
        try {
            samples = FeatureTables.read(table);
        } catch (TableFormatException | ModelFormatException e) {
            throw e; // already names the file
        } catch (GmmException e) {
            // e.g. a non-finite value found by Samples: "row 5, column 2 is NaN; ..."
            String message = e.getMessage();
            if (message != null && message.startsWith(table.toString())) {
                throw e;
            }
            throw new GmmException(table + ": " + message, e);
        }
        if (samples.size() == 0) {
            throw new GmmException(table + " has no data rows");
        }
        return samples;
    }
}
