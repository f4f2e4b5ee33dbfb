package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mrf} of segment and apply. */
class MrfCommandTest {
    @TempDir
    Path dir;

    @Test
    void betaZeroWritesThePlainFilesBitForBit() throws IOException {
        Path image = Images.gaussianRgb(dir.resolve("in/a.png"), 60, 40, 1);
        Cli.Run plain = Cli.run("segment", image, "-k", 3, "--out", dir.resolve("plain"), "--probabilities");
        Cli.Run zero = Cli.run("segment", image, "-k", 3, "--out", dir.resolve("zero"), "--probabilities",
                "--mrf", "0");
        assertEquals(ExitCodes.OK, plain.exitCode(), plain::toString);
        assertEquals(ExitCodes.OK, zero.exitCode(), zero::toString);
        for (String f : new String[] {"a_labels.png", "a_model.json", "a_probabilities.tif"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("plain").resolve(f)),
                    Files.readAllBytes(dir.resolve("zero").resolve(f)), f);
        }
    }

    @Test
    void segmentRecordsThePriorAndApplyUsesIt() throws IOException {
        Path image = Images.gaussianRgb(dir.resolve("in/a.png"), 60, 40, 2);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", image, "-k", 3, "--out", out, "--mrf", "auto", "--probabilities");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        SegmentationModel model = SegmentationModel.load(out.resolve("a_model.json"));
        Mrf mrf = model.mrf();
        assertTrue(mrf.auto());
        assertTrue(mrf.sweeps() >= 1);
        assertTrue(Files.exists(out.resolve("a_probabilities.tif")));

        Cli.Run applied = Cli.run("apply", "-m", out.resolve("a_model.json"), image, "--out", dir.resolve("applied"));
        assertEquals(ExitCodes.OK, applied.exitCode(), applied::toString);
        assertArrayEquals(Images.samples(out.resolve("a_labels.png")),
                Images.samples(dir.resolve("applied/a_labels.png")));
        Cli.Run override = Cli.run("apply", "-m", out.resolve("a_model.json"), image, "--out", dir.resolve("over"),
                "--mrf", "0");
        assertEquals(ExitCodes.OK, override.exitCode(), override::toString);
    }

    @Test
    void aBadBetaIsAUsageError() throws IOException {
        Path image = Images.gaussianRgb(dir.resolve("in/a.png"), 20, 10, 3);
        for (String bad : new String[] {"-0.5", "11", "strong", "NaN"}) {
            Cli.Run run = Cli.run("segment", image, "-k", 2, "--out", dir.resolve("o"), "--mrf", bad);
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--mrf") || run.err().contains("BETA"), run::toString);
            assertFalse(Files.exists(dir.resolve("o/a_labels.png")));
        }
    }
}
