package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images too large for the heap (issue 20, items 2 and 3): a real OutOfMemoryError in a JVM with a
 * 64 MB heap fails that image alone, and a decompression bomb is refused from its header.
 */
class MemoryTest {
    @TempDir
    Path dir;

    /** An RGB image of random colours: every pixel a distinct sample, about 160 bytes each in a fit. */
    private static Path noise(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return Images.write(file, img);
    }

    @Test
    void anImageThatRunsOutOfMemoryFailsAloneAndASampleOfItFits() throws Exception {
        Path in = dir.resolve("in");
        noise(in.resolve("a.png"), 1000, 1000);
        Images.rgb(in.resolve("b.png"), 40, 30, 1);
        Path out = dir.resolve("out");

        Cli.Run run = Forked.run(List.of("-Xmx64m"), null, "segment", in, "-k", 3, "--out", out, "-q", "--threads", 2);

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("a.png: out of memory: 1000 x 1000 pixels x 3 channels, 8-bit needed more than the "
                + "64 MB Java may use here; fit on a sample of its pixels (e.g. --max-samples 200000), or give Java more "
                + "memory, e.g. GMMSEG_JAVA_OPTS=-Xmx2g ./gmmseg ..."), run::toString);
        assertTrue(run.out().contains("processed  1\n"), run::toString);
        List<String> report = Images.report(out);
        assertEquals(3, report.size(), report::toString);
        assertTrue(report.get(1).contains(",failed,\"out of memory: "), report::toString);
        assertTrue(report.get(2).endsWith(",ok,,"), report::toString);

        Cli.Run sampled = Forked.run(List.of("-Xmx64m"), null, "segment", in.resolve("a.png"), "-k", 3, "--out", out,
                "-q", "--max-samples", 200_000);
        assertEquals(ExitCodes.OK, sampled.exitCode(), sampled::toString);
    }

    @Test
    void aDecompressionBombIsRefusedBeforeDecodingWithItsSize() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Path bomb = Files.write(in.resolve("bomb.png"), Images.headerOnlyRgbPng(100_000, 100_000));
        Images.rgb(in.resolve("ok.png"), 40, 30, 1);

        Cli.Run run = Cli.run("segment", in, "-k", 2, "--out", dir.resolve("out"), "-q");
        Cli.Run limited = Cli.run("segment", in, "-k", 2, "--out", dir.resolve("out2"), "-q", "--max-pixels", 1000);

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains(bomb + ": image too large: it declares 100000 x 100000 pixels x 3 channels, "
                + "8-bit (10000 megapixels), more than the limit of "), run::toString);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, limited.exitCode(), limited::toString);
        assertTrue(limited.err().contains("ok.png: image too large: it declares 40 x 30 pixels x 3 channels, 8-bit "
                + "(1200 pixels), more than the limit of 1000 pixels (--max-pixels)"), limited::toString);
        CommandLineTest.assertUsageError(Cli.run("segment", in, "-k", 2, "--out", dir.resolve("o3"), "--max-pixels", 0),
                "--max-pixels must be at least 1, got 0");
    }
}
