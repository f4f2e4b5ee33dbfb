package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gmmseg.cli.options.EmOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;
import org.gmmseg.core.Samples;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.io.FeatureTables;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.io.TableFormatException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmmseg fit TABLE... --components K --model OUT.json}: fits a mixture to the rows of
 * feature tables and writes it with its {@code fit} block. The summary goes to stdout as aligned
 * "key value" lines; warnings (e.g. no convergence) go to stderr as "warning: ...".
 */
@Command(name = "fit",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        sortOptions = false,
        description = {
            "Fit a Gaussian mixture to the rows of feature tables by EM and write it as a model file.",
            "Several tables are concatenated; they must have the same number of columns."
        })
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TABLE", arity = "1..*",
            description = "Feature tables, one sample per row: .csv with a header row, or .npy (2-D).")
    List<Path> tables;

    @Option(names = {"-m", "--model"}, paramLabel = "OUT.json", required = true,
            description = "Where to write the fitted model (folders are created).")
    Path model;

    @Mixin
    EmOptions em;

    @Mixin
    VerboseOption verboseOption;

    @Override
    public Integer call() throws IOException {
        em.validate();
        checkOutput();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = VerboseOption.given(spec);

        Samples samples = readTables(err, verbose);
        GaussianMixture warmStart = em.readInitialModel();
        FitOptions options = em.toFitOptions(warmStart);
        FitResult result = EmFitter.fit(samples, options);

        for (String warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        if (verbose) {
            double[] bounds = result.restartLowerBounds();
            for (int r = 0; r < bounds.length; r++) {
                err.println("restart " + (r + 1) + "/" + bounds.length + ": final lower bound " + Formats.number(bounds[r])
                        + (r == result.bestRestart() ? " (kept)" : ""));
            }
        }

        ModelFile.write(model, new ModelFile.Document(result.model(), FitSummary.of(result, options.seed()), Map.of()));

        GaussianMixture fitted = result.model();
        List<String[]> summary = List.of(
                new String[] {"components", Integer.toString(fitted.components())},
                new String[] {"dimension", Integer.toString(fitted.dimension())},
                new String[] {"samples", Formats.number(result.nSamples())},
                new String[] {"covariance", fitted.covarianceType().id()},
                new String[] {"iterations", Integer.toString(result.iterations())},
                new String[] {"converged", Boolean.toString(result.converged())},
                new String[] {"mean-log-likelihood", Formats.number(result.logLikelihood())},
                new String[] {"bic", Formats.number(result.bic())},
                new String[] {"aic", Formats.number(result.aic())},
                new String[] {"model", model.toString()});
        PrintWriter out = spec.commandLine().getOut();
        Formats.keyValues(summary).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Refuses an output that is a folder or one of the input tables, and creates its folder, so
     * that a fit is not wasted on an output that cannot be written.
     */
    private void checkOutput() throws IOException {
        if (Files.isDirectory(model)) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " is a folder; give a file name");
        }
        for (Path table : tables) {
            if (sameFile(model, table)) {
                throw new ParameterException(spec.commandLine(),
                        "--model " + model + " would overwrite the input table " + table + "; choose another file");
            }
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
    private Samples readTables(PrintWriter err, boolean verbose) throws IOException {
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
