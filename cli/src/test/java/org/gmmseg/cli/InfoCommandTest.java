package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsShapeWeightsMeansAndFit() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", Cli.mixtureCsv(dir.resolve("a.csv"), 200, 2, 3, 1), "-k", 2,
                "--covariance", "spherical", "-m", model, "--seed", 42).exitCode());
        GaussianMixture fitted = ModelFile.read(model).model();

        Cli.Run run = Cli.run("info", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        String out = run.out();
        assertTrue(out.contains("components  2\n"), out);
        assertTrue(out.contains("dimension   3\n"), out);
        assertTrue(out.contains("covariance  spherical\n"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("component\\s+weight\\s+mean\\[1]\\s+mean\\[2]\\s+mean\\[3]")), out);
        for (int c = 0; c < 2; c++) {
            String prefix = (c + 1) + " ";
            String row = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
            String[] cells = row.trim().split("\\s+");
            assertEquals(fitted.weight(c), Double.parseDouble(cells[1]), 1e-6, row);
            // the column of means holds values up to about 10, printed with 4 decimals
            assertEquals(fitted.mean(c)[2], Double.parseDouble(cells[4]), 1e-4, row);
        }
        assertTrue(out.contains("\nfit\n"), out);
        assertTrue(out.contains("  samples              200\n"), out);
        assertTrue(out.contains("  seed                 42\n"), out);
        assertTrue(out.contains("  reg-covar            1.000000e-06 (absolute)\n")
                || out.lines().anyMatch(l -> l.matches("  reg-covar\\s+1(\\.0+)?e-0?6 \\(absolute\\)")), out);
        assertTrue(out.contains("extensions  (none)"), out);
    }

    @Test
    void aModelOf16BitImagesHasItsRegularisationRelativeToTheirSpread() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", Images.SAMPLES.resolve("bbbc022_IXMtest_A02_s9_16bit_3ch.tif"), "-k", 2,
                "--max-samples", 5000, "-m", model).exitCode());
        Cli.Run run = Cli.run("info", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  reg-covar ")
                && l.contains(" x each feature's scale (")), run::toString);
    }

    @Test
    void withoutAFitBlockAndWithExtensions() throws IOException {
        GaussianMixture model = GaussianMixture.diag(new double[] {0.25, 0.75}, new double[][] {{1, 2}, {3, 4}},
                new double[][] {{1, 1}, {2, 2}});
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        extensions.put("features", JsonNodeFactory.instance.objectNode().put("kind", "rgb"));
        extensions.put("labels", JsonNodeFactory.instance.arrayNode().add("background").add("cell"));
        Path file = dir.resolve("plain.json");
        ModelFile.write(file, new ModelFile.Document(model, null, extensions));

        Cli.Run run = Cli.run("info", file);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        // each numeric column has one format, so the values line up
        assertTrue(run.out().contains("\n1          0.250000  1.00000  2.00000\n"), run.out());
        assertTrue(run.out().contains("\n2          0.750000  3.00000  4.00000\n"), run.out());
        assertTrue(run.out().contains("fit  (none)"), run.out());
        assertTrue(run.out().contains("extensions  features, labels"), run.out());
    }

    @Test
    void aTruncatedModelFailsNamingTheFile() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", Cli.mixtureCsv(dir.resolve("a.csv"), 60, 2, 2, 2), "-k", 2,
                "-m", model).exitCode());
        String json = Files.readString(model);
        Path truncated = Files.writeString(dir.resolve("truncated.json"), json.substring(0, json.length() / 2));

        Cli.Run run = Cli.run("info", truncated);
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("gmmseg info: "), run::toString);
        assertTrue(run.err().contains("truncated.json"), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    @Test
    void aMissingModelFailsNamingTheFile() {
        Cli.Run run = Cli.run("info", dir.resolve("nope.json"));
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("gmmseg info: ") && run.err().contains("nope.json"), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }
}
