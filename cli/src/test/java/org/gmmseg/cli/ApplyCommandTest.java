package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {
    @TempDir
    Path dir;

    @Test
    void aModelWithoutAFeaturesBlockFailsWithExitCode4() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("t.csv"), 90, 3, 3, 1);
        Path model = dir.resolve("table-model.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", 3, "-m", model).exitCode());
        Path a = Images.rgb(dir.resolve("a.png"), 20, 10, 1);
        Cli.Run run = Cli.run("apply", "-m", model, a, "-o", dir.resolve("out"));
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("gmmseg apply: table-model.json: no 'features' block; this model was fitted on a feature table, "
                + "not on images, so it cannot label images\n", run.err());
        assertEquals("", run.out());
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    @Test
    void aMissingModelFailsWithExitCode4() throws IOException {
        Path a = Images.rgb(dir.resolve("a.png"), 20, 10, 1);
        Cli.Run run = Cli.run("apply", "-m", dir.resolve("none.json"), a, "-o", dir.resolve("out"));
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("gmmseg apply: "), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void imagesOfAnotherKindThanTheModelsFailAndTheOthersAreLabelled() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 30, 20, 1);
        Images.gray(in.resolve("g.png"), 30, 20, 2);
        Path models = dir.resolve("models");
        assertEquals(ExitCodes.OK, Cli.run("segment", in.resolve("a.png"), "-k", 2, "-o", models).exitCode());

        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("apply", "--model", models.resolve("a_model.json"), in, "--out", out, "--overlay");
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertEquals("gmmseg apply: " + in.resolve("g.png") + ": the model was fitted on images with 3 channels "
                + "(features rgb) but this image has 1\n", run.err());
        assertEquals(List.of("a_labels.png", "a_overlay.png", "report.csv"), Images.tree(out));
        assertTrue(run.out().contains("model      " + models.resolve("a_model.json")), run::toString);
        List<String> report = Images.report(out);
        assertTrue(report.get(2).startsWith(in.resolve("g.png") + ",,,,,,failed,the model was fitted"), report::toString);
    }

    @Test
    void usageErrors() throws IOException {
        Path a = Images.rgb(dir.resolve("a.png"), 20, 10, 1);
        CommandLineTest.assertUsageError(Cli.run("apply", a, "-o", dir.resolve("out")), "--model");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a), "--out");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a, "-o", dir, "--threads", 0),
                "--threads must be between 1 and 1024, got 0");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a, "-o", dir, "-k", 2),
                "apply labels with the model's K and covariance type, so it takes no --components or --select");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a, "-o", dir, "--components",
                "2..8"), "choose K with gmmseg segment or fit (e.g. --components 2..8)");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a, "-o", dir, "--select", "icl"),
                "takes no --components or --select");
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", dir.resolve("m.json"), a, "-o", dir, "--plot", "svg"),
                "Unknown option");
    }

    @Test
    void aModelOf8BitImagesOnA16BitImageWarnsOnStderrAndInTheReport() throws IOException {
        Path in = dir.resolve("in");
        Path a = Images.rgb(in.resolve("a.png"), 30, 20, 1);
        Path cells = in.resolve("cells.tif");
        Files.copy(Images.SAMPLES.resolve("bbbc022_IXMtest_A02_s9_16bit_3ch.tif"), cells);
        Path models = dir.resolve("models");
        assertEquals(ExitCodes.OK, Cli.run("segment", a, "-k", 2, "-o", models).exitCode());

        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("apply", "-m", models.resolve("a_model.json"), in, "-o", out);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        String warning = "the model was fitted on 8-bit images but this image is not 8-bit";
        assertTrue(run.err().contains("warning: " + cells + ": " + warning), run::toString);
        assertFalse(run.err().contains("warning: " + a), run::toString);
        List<String> report = Images.report(out);
        assertTrue(report.get(0).endsWith(",status,error,warnings"), report::toString);
        assertTrue(report.get(1).startsWith(a + ",") && report.get(1).endsWith(",ok,,"), report::toString);
        assertTrue(report.get(2).startsWith(cells + ",") && report.get(2).contains(",ok,,\"" + warning),
                report::toString);
    }
}
