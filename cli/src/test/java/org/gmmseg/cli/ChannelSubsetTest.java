package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.gmmseg.core.io.ModelFile;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.features.ColorConversions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --channels}: a subset of the colour features. */
class ChannelSubsetTest {
    private static final int REDDISH = 0xc86464;
    private static final int GREENISH = 0x64c864;

    @TempDir
    Path dir;

    @Test
    void labAStarBStarGivesATwoDimensionalModelOnTheColoursAStarAndBStar() throws IOException {
        Path image = Images.colours(dir.resolve("two.png"), 20, 10, REDDISH, GREENISH);
        Path model = dir.resolve("model.json");

        Cli.Run run = Cli.run("fit", image, "-k", 2, "-m", model, "--features", "lab", "--channels", "3,2");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("dimension            2\nfeatures             lab (a, b)\n"), run::toString);
        assertEquals("[2,3]", ModelFile.read(model).extensions().get("features").get("channelSubset").toString());
        SegmentationModel m = SegmentationModel.load(model);
        assertEquals(List.of(2, 3), m.features().channels());
        double[][] means = m.mixture().means();
        Arrays.sort(means, (p, q) -> Double.compare(p[0], q[0]));
        // the two distinct pixels are the two components' means exactly: a*, b* of each colour (L* left out)
        double[][] expected = {ab(GREENISH), ab(REDDISH)};
        assertEquals(2, means[0].length);
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(expected[c], means[c], 1e-6, () -> Arrays.deepToString(means));
        }
        Cli.Run info = Cli.run("info", model);
        assertTrue(info.out().contains("(features kept: 2,3)"), info::toString);

        // labels split the two bands, and apply reads the subset back
        Path out = dir.resolve("out");
        Cli.Run apply = Cli.run("apply", "-m", model, image, "-o", out);
        assertEquals(ExitCodes.OK, apply.exitCode(), apply::toString);
        int[] labels = Images.samples(out.resolve("two_labels.png"));
        assertNotEquals(labels[0], labels[19]);
        assertEquals(labels[0], labels[9]);
        assertEquals(labels[10], labels[19]);
    }

    @Test
    void badChannelNumbersAreUsageOrPerImageErrorsAndAnotherSubsetIsRefusedOnRerun() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 20, 10, 1);
        Path out = dir.resolve("out");
        CommandLineTest.assertUsageError(Cli.run("segment", in, "-k", 2, "-o", out, "--features", "lab",
                "--channels", "4"), "features lab give 3 colour features (channels 1..3), not channel 4");
        CommandLineTest.assertUsageError(Cli.run("fit", in, "-k", 2, "-m", dir.resolve("m.json"),
                "--channels", "2,2"), "channel 2 is given twice");
        CommandLineTest.assertUsageError(Cli.run("fit", in, "-k", 2, "-m", dir.resolve("m.json"),
                "--channels", "a"), "not a whole number");

        // how many channels an image has is known only when it is read: a per-image error naming it
        Cli.Run tooMany = Cli.run("segment", in, "-k", 2, "-o", out, "--features", "channels", "--channels", "1,4");
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, tooMany.exitCode(), tooMany::toString);
        assertTrue(tooMany.err().contains("a.png") && tooMany.err().contains("channel 4"), tooMany::toString);

        Path ok = dir.resolve("ok");
        Cli.Run first = Cli.run("segment", in, "-k", 2, "-o", ok, "--channels", "1,3", "-q");
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        assertTrue(Files.readString(ok.resolve(".gmmseg/outputs.json")).contains("\"--channels\""));
        Cli.Run other = Cli.run("segment", in, "-k", 2, "-o", ok, "--channels", "1,2");
        CommandLineTest.assertUsageError(other, "earlier run with other options");
        assertTrue(other.err().contains("--channels 1,3, not 1,2"), other::toString);
    }

    private static double[] ab(int rgb) {
        double[] lab = new double[3];
        ColorConversions.rgbToLab((rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0, lab, 0);
        return new double[] {lab[1], lab[2]};
    }
}
