package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.SegmentationModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmmseg info MODEL.json}: a readable summary of a model file: its shape, a table of
 * component weights and means, the {@code fit} block when present, the table of candidates of the
 * {@code selection} block when present, and the names of the extension blocks. {@code --plot FILE}
 * draws the selection's criterion plot again. A malformed {@code selection} block fails naming the
 * file and the key.
 */
@Command(name = InfoCommand.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Print a summary of a model file: K, D, covariance type, for a model of images its features and "
                + "the axes of the images it was fitted on, weights and means, how it was fitted, and the candidates "
                + "of a model selection.")
final class InfoCommand implements Callable<Integer> {
    /** The subcommand's name, a constant so that {@link Main} and {@link CommandLines} need no reflection. */
    static final String NAME = "info";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.json", description = "A model file written by gmmseg fit.")
    Path modelFile;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw the criterion plot of the model's selection block (.svg or .png).")
    Path plot;

    @Mixin
    VerboseOption verboseOption;

    @Override
    public Integer call() throws IOException {
        if (plot != null) {
            SelectionReport.checkPlotFile(spec, "--plot", plot);
        }
        ModelFile.Document document = ModelFile.read(modelFile);
        GaussianMixture model = document.model();
        SelectionTable selection = SelectionTable.fromDocument(document, modelFile.toString());
        if (plot != null && selection == null) {
            throw new ParameterException(spec.commandLine(), "--plot draws a model selection, but " + modelFile
                    + " has no '" + SelectionTable.KEY + "' block; it was fitted with one K and covariance type");
        }
        PrintWriter out = spec.commandLine().getOut();

        List<String[]> head = new ArrayList<>(List.of(
                new String[] {"model", modelFile.toString()},
                new String[] {"components", Integer.toString(model.components())},
                new String[] {"dimension", Integer.toString(model.dimension())},
                new String[] {"covariance", model.covarianceType().id()}));
        if (document.extensions().containsKey("features")) {
            try {
                head.addAll(imageLines(SegmentationModel.fromDocument(document, modelFile.toString())));
            } catch (ModelFormatException e) {
                // another program's 'features' block: listed with the other extensions below
            }
        }
        Formats.keyValues(head).forEach(out::println);

        out.println();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[model.dimension() + 2];
        header[0] = "component";
        header[1] = "weight";
        for (int j = 0; j < model.dimension(); j++) {
            header[j + 2] = "mean[" + (j + 1) + "]";
        }
        rows.add(header);
        String[] weights = Formats.column(model.weights());
        double[][] means = model.means();
        String[][] meanColumns = new String[model.dimension()][];
        for (int j = 0; j < model.dimension(); j++) {
            double[] column = new double[model.components()];
            for (int c = 0; c < column.length; c++) {
                column[c] = means[c][j];
            }
            meanColumns[j] = Formats.column(column);
        }
        for (int c = 0; c < model.components(); c++) {
            String[] row = new String[model.dimension() + 2];
            row[0] = Integer.toString(c + 1);
            row[1] = weights[c];
            for (int j = 0; j < model.dimension(); j++) {
                row[j + 2] = meanColumns[j][c];
            }
            rows.add(row);
        }
        Formats.table(rows).forEach(out::println);

        out.println();
        FitSummary fit = document.fit();
        if (fit == null) {
            out.println("fit  (none)");
        } else {
            out.println("fit");
            Formats.keyValues(List.of(
                    new String[] {"mean-log-likelihood", Formats.number(fit.logLikelihood())},
                    new String[] {"lower-bound", Formats.number(fit.lowerBound())},
                    new String[] {"bic", Formats.number(fit.bic())},
                    new String[] {"aic", Formats.number(fit.aic())},
                    new String[] {"iterations", Integer.toString(fit.iterations())},
                    new String[] {"converged", Boolean.toString(fit.converged())},
                    new String[] {"samples", Formats.number(fit.nSamples())},
                    new String[] {"seed", Long.toString(fit.seed())},
                    new String[] {"reg-covar", regularization(fit)}))
                    .forEach(line -> out.println("  " + line));
        }
        if (selection != null) {
            out.println();
            out.println("selection  " + SelectionReport.choice(selection));
            SelectionReport.table(selection).forEach(line -> out.println("  " + line));
            for (String note : selection.notes()) {
                out.println("  note: " + note);
            }
        }
        List<String> extensions = new ArrayList<>(document.extensions().keySet());
        out.println("extensions  " + (extensions.isEmpty() ? "(none)" : String.join(", ", extensions)));
        if (plot != null) {
            SelectionReport.plot(plot, selection);
            out.println("plot        " + plot);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** How the covariances were regularised: absolute, or relative to each feature's scale (docs/model-format.md). */
    static String regularization(FitSummary fit) {
        if (!fit.regularizationRecorded()) {
            return "(not recorded)";
        }
        String r = Formats.number(fit.regCovar());
        return fit.regScale().relative() ? r + " x each feature's scale (" + Arrays.stream(fit.regScale().scales())
                .mapToObj(Formats::number).collect(Collectors.joining(", ")) + ")" : r + " (absolute)";
    }

    /** What a model for images says about them: its features, their channels and smoothing, the axes fitted on. */
    private static List<String[]> imageLines(SegmentationModel model) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"features", model.features().name() + " (" + String.join(", ", model.pipeline().names())
                + ")"});
        lines.add(new String[] {"channels", model.pipeline().channels()
                + (model.features().hasChannelSubset() ? " (features kept: " + model.features().channelList() + ")" : "")});
        if (model.features().smoothingSigma() > 0) {
            lines.add(new String[] {"smoothing", Formats.number(model.features().smoothingSigma()) + " "
                    + model.pipeline().smoothingUnit()});
        }
        lines.add(new String[] {"fitted on", String.join(", ", model.axes()) + " images"});
        return lines;
    }
}
