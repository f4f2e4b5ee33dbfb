package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path dir;

    @Test
    void fitWritesAReadableModelWithTheFitBlock() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("a.csv"), 300, 3, 2, 1);
        Path model = dir.resolve("out/sub/model.json"); // folders are created
        Cli.Run run = Cli.run("fit", table, "--components", 3, "--model", model, "--seed", 7);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);

        ModelFile.Document document = ModelFile.read(model);
        GaussianMixture fitted = document.model();
        assertEquals(3, fitted.components());
        assertEquals(2, fitted.dimension());
        assertEquals(CovarianceType.FULL, fitted.covarianceType());
        // the three well separated centres (0,0), (10,-10), (20,-20), each a third of the rows
        double[] xs = Arrays.stream(fitted.means()).mapToDouble(m -> m[0]).sorted().toArray();
        assertArrayEquals(new double[] {0, 10, 20}, xs, 0.5);
        for (double w : fitted.weights()) {
            assertEquals(1.0 / 3, w, 0.01);
        }
        assertNotNull(document.fit());
        assertEquals(300, document.fit().nSamples());
        assertEquals(7, document.fit().seed());
        assertTrue(document.fit().converged());
        assertTrue(document.extensions().isEmpty());

        assertTrue(run.out().contains("components           3"), run::toString);
        assertTrue(run.out().contains("samples              300"), run::toString);
        assertTrue(run.out().contains("model                " + model), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void theCsvHeaderRowIsOptional() throws IOException {
        Path withHeader = Cli.mixtureCsv(dir.resolve("a.csv"), 120, 2, 2, 11);
        String text = Files.readString(withHeader);
        Path withoutHeader = Files.writeString(dir.resolve("b.csv"), text.substring(text.indexOf('\n') + 1));
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", withHeader, "-k", 2, "-m", a).exitCode());
        Cli.Run run = Cli.run("fit", withoutHeader, "-k", 2, "-m", b);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(120, ModelFile.read(b).fit().nSamples(), "the first line is a sample");
        assertEquals(ModelFile.read(a).model(), ModelFile.read(b).model());

        String help = Cli.run("fit", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("A .csv header row is optional"), help);
        assertFalse(help.contains("with a header row"), help);
    }

    @Test
    void theSameSeedGivesTheSameModelWhateverTheThreadCount() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("a.csv"), 200, 2, 3, 2);
        Path one = dir.resolve("one.json");
        Path four = dir.resolve("four.json");
        String[] common = {"-k", "2", "--init", "random", "--n-init", "3", "--seed", "11"};
        assertEquals(ExitCodes.OK, Cli.run(concat(new Object[] {"fit", table, "-m", one, "--threads", 1}, common)).exitCode());
        assertEquals(ExitCodes.OK, Cli.run(concat(new Object[] {"fit", table, "-m", four, "--threads", 4}, common)).exitCode());
        assertEquals(ModelFile.read(one).model(), ModelFile.read(four).model());
    }

    @Test
    void tolZeroRunsExactlyMaxIterIterations() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("a.csv"), 120, 2, 2, 3);
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", table, "-k", 2, "-m", model, "--tol", 0, "--max-iter", 7);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(7, ModelFile.read(model).fit().iterations());
        assertFalse(ModelFile.read(model).fit().converged());
        // not converging is a warning, not a failure
        assertTrue(run.err().startsWith("warning: EM did not converge in 7 iterations"), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void warmStartTakesKAndCovarianceTypeFromTheModel() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("a.csv"), 150, 3, 2, 4);
        Path first = dir.resolve("first.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", 3, "--covariance", "diag", "-m", first,
                "--max-iter", 2, "--tol", 0).exitCode());

        Path second = dir.resolve("second.json");
        Cli.Run run = Cli.run("fit", table, "--init-model", first, "-m", second);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        GaussianMixture warm = ModelFile.read(second).model();
        assertEquals(3, warm.components());
        assertEquals(CovarianceType.DIAG, warm.covarianceType());
        assertTrue(ModelFile.read(second).fit().logLikelihood() >= ModelFile.read(first).fit().logLikelihood() - 1e-9);

        // saying the same again is fine; contradicting the model is a usage error
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "--init-model", first, "-k", 3, "--covariance", "diag",
                "-m", dir.resolve("third.json")).exitCode());
        CommandLineTest.assertUsageError(Cli.run("fit", table, "--init-model", first, "-k", 4, "-m", second),
                "--components 4 contradicts --init-model");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "--init-model", first, "--covariance", "full", "-m", second),
                "which has covariance type diag");
    }

    @Test
    void warmStartMayOverwriteItsOwnModel() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("a.csv"), 90, 3, 2, 5);
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", 3, "-m", model, "--max-iter", 1, "--tol", 0).exitCode());
        Cli.Run run = Cli.run("fit", table, "--init-model", model, "-m", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(ModelFile.read(model).fit().converged());
    }

    @Test
    void warmStartOfAnotherDimensionFails() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", Cli.mixtureCsv(dir.resolve("a.csv"), 60, 2, 2, 6), "-k", 2,
                "-m", model).exitCode());
        Cli.Run run = Cli.run("fit", Cli.mixtureCsv(dir.resolve("b.csv"), 60, 2, 3, 6), "--init-model", model,
                "-m", dir.resolve("n.json"));
        assertFitFailed(run, "D=2");
    }

    @Test
    void tablesAreConcatenated() throws IOException {
        Path a = Cli.mixtureCsv(dir.resolve("a.csv"), 100, 2, 2, 7);
        Path b = Cli.mixtureCsv(dir.resolve("b.csv"), 50, 2, 2, 8);
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", a, b, "-k", 2, "-m", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(150, ModelFile.read(model).fit().nSamples());
    }

    @Test
    void tablesOfDifferentWidthsFailNamingBoth() throws IOException {
        Path a = Cli.mixtureCsv(dir.resolve("a.csv"), 40, 2, 3, 9);
        Path b = Cli.mixtureCsv(dir.resolve("b.csv"), 40, 2, 4, 9);
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", a, b, "-k", 2, "-m", model);
        assertFitFailed(run, b + " has 4 columns but " + a + " has 3");
        assertFalse(Files.exists(model));
    }

    @Test
    void aNonFiniteValueFailsWithOneLineNamingFileAndRow() throws IOException {
        Path table = Files.writeString(dir.resolve("nan.csv"), "x,y\n1,2\n3,NaN\n5,6\n7,9\n");
        Cli.Run run = Cli.run("fit", table, "-k", 2, "-m", dir.resolve("m.json"));
        assertFitFailed(run, table.getFileName().toString());
        assertTrue(run.err().matches("(?s).*(row 2|line 3)\\b.*"), run::toString);
        assertFalse(Files.exists(dir.resolve("m.json")));
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Path table = Files.writeString(dir.resolve("nan.csv"), "x,y\n1,2\n3,NaN\n5,6\n7,9\n");
        Cli.Run run = Cli.run("fit", table, "-k", 2, "-m", dir.resolve("m.json"), "--verbose");
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("gmmseg fit: "), run::toString);
        assertTrue(run.err().contains("\tat org.gmmseg."), run::toString);
        // also when given to the top command
        Cli.Run top = Cli.run("--verbose", "fit", table, "-k", 2, "-m", dir.resolve("m.json"));
        assertTrue(top.err().contains("\tat org.gmmseg."), top::toString);
    }

    @Test
    void fewerDistinctRowsThanComponentsFails() throws IOException {
        Path table = Files.writeString(dir.resolve("two.csv"), "x,y\n1,2\n1,2\n3,4\n3,4\n1,2\n");
        Cli.Run run = Cli.run("fit", table, "-k", 3, "-m", dir.resolve("m.json"));
        assertFitFailed(run, "only 2 distinct samples for K=3 components; use at most 2 components");
    }

    @Test
    void aMissingTableFailsNamingIt() {
        Path missing = dir.resolve("missing.csv");
        Cli.Run run = Cli.run("fit", missing, "-k", 2, "-m", dir.resolve("m.json"));
        assertFitFailed(run, "missing.csv");
    }

    @Test
    void refusesToWriteTheModelOverAnInputTable() throws IOException {
        Path a = Cli.mixtureCsv(dir.resolve("a.csv"), 40, 2, 2, 10);
        Path b = Cli.mixtureCsv(dir.resolve("b.csv"), 40, 2, 2, 11);
        String before = Files.readString(b);
        // the same file through another spelling of its path
        Path sneaky = dir.resolve("sub/../b.csv");
        Files.createDirectories(dir.resolve("sub"));
        CommandLineTest.assertUsageError(Cli.run("fit", a, b, "-k", 2, "-m", sneaky), "would overwrite the input table");
        assertEquals(before, Files.readString(b));
    }

    @Test
    void refusesAFolderAsModel() throws IOException {
        Path a = Cli.mixtureCsv(dir.resolve("a.csv"), 40, 2, 2, 12);
        CommandLineTest.assertUsageError(Cli.run("fit", a, "-k", 2, "-m", dir), "is a folder");
    }

    @Test
    void anOutputFolderThatIsAFileFailsBeforeFitting() throws IOException {
        Path a = Cli.mixtureCsv(dir.resolve("a.csv"), 40, 2, 2, 13);
        Path file = Files.writeString(dir.resolve("out"), "not a folder");
        Cli.Run run = Cli.run("fit", a, "-k", 2, "-m", file.resolve("m.json"));
        assertFitFailed(run, file + ": already exists");
    }

    static void assertFitFailed(Cli.Run run, String expected) {
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("gmmseg fit: "), run::toString);
        assertTrue(run.err().contains(expected), run::toString);
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
