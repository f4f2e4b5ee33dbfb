package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gmmseg.core.io.ModelFile;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.features.ColorSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gmmseg fit} on images and folders of images. */
class FitImagesTest {
    @TempDir
    Path dir;

    @Test
    void fitOnImagesWritesTheFeaturesBlockThatApplyUses() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 40, 30, 1);
        Images.rgb(in.resolve("b.jpg"), 30, 30, 2);
        Path model = dir.resolve("model.json");

        Cli.Run run = Cli.run("fit", in, "-k", 3, "-m", model, "--features", "hsv");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertTrue(run.out().startsWith("components           3\ndimension            3\n"
                + "features             hsv (H, S, V)\nimages               2\nsamples              2100\ndistinct "),
                run::toString);
        ModelFile.Document document = ModelFile.read(model);
        assertEquals(List.of("features", "labels"), List.copyOf(document.extensions().keySet()));
        assertEquals(2100, document.fit().nSamples());
        SegmentationModel segmentation = SegmentationModel.load(model);
        assertEquals(ColorSpace.HSV, segmentation.features().colorSpace());

        Path out = dir.resolve("out");
        Cli.Run apply = Cli.run("apply", "-m", model, in.resolve("a.png"), "-o", out);
        assertEquals(ExitCodes.OK, apply.exitCode(), apply::toString);
        int[] labels = Images.samples(out.resolve("a_labels.png"));
        assertEquals(40 * 30, labels.length);
        assertArrayEquals(new int[] {1, 2, 3}, java.util.Arrays.stream(labels).distinct().sorted().toArray());
    }

    @Test
    void anImageThatCannotBeReadFailsTheFitWithExitCode4() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 40, 30, 1);
        Path bad = Images.truncated(in.resolve("b.png"));
        Path model = dir.resolve("model.json");
        Cli.Run run = Cli.run("fit", in, "-k", 3, "-m", model);
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("gmmseg fit: " + bad + ": truncated or corrupt ("), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(Files.notExists(model));
    }

    @Test
    void tablesAndImagesDoNotMix() throws IOException {
        Path table = Cli.mixtureCsv(dir.resolve("t.csv"), 30, 2, 3, 1);
        Path a = Images.rgb(dir.resolve("a.png"), 20, 10, 1);
        Path model = dir.resolve("m.json");
        CommandLineTest.assertUsageError(Cli.run("fit", table, a, "-k", 2, "-m", model),
                "cannot fit feature tables (" + table + ") and images (" + a + ") together");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", 2, "-m", model, "--features", "lab"),
                "--features applies to images, but " + table + " is a feature table");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", 2, "-m", model, "--recursive"),
                "--recursive applies to images");
        Files.createDirectories(dir.resolve("empty"));
        CommandLineTest.assertUsageError(Cli.run("fit", dir.resolve("empty"), "-k", 2, "-m", model),
                "no images to fit in " + dir.resolve("empty"));
    }
}
