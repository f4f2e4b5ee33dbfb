package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress within an image (issue 20, item 11): EM iterations on the terminal, and as lines with --verbose. */
class FitProgressTest {
    @TempDir
    Path dir;

    @Test
    void verboseGivesEveryIterationsMeanLogLikelihood() throws Exception {
        Path image = Images.gaussianRgb(dir.resolve("a.png"), 60, 40, 3);
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", image, "-k", 3, "-o", out, "--verbose");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<String> lines = run.err().lines().toList();
        int iterations = Integer.parseInt(Images.report(out).get(1).split(",")[3]);
        assertEquals(iterations, lines.size(), run::toString);
        assertTrue(lines.get(0).matches("a\\.png: iteration 1: mean log-likelihood [-0-9.e]+"), lines.get(0));
        assertTrue(lines.get(1).matches("a\\.png: iteration 2: mean log-likelihood [-0-9.e]+ \\(change [-0-9.e]+\\)"),
                lines.get(1));

        Cli.Run selecting = Cli.run("fit", image, "-k", "2..3", "-m", dir.resolve("m.json"), "--verbose");
        assertTrue(selecting.err().contains("K=3 full, iteration 1: mean log-likelihood "), selecting::toString);
    }

    @Test
    void onATerminalOneImageShowsItsPhaseAndIterationsInPlace() throws Exception {
        Path image = Images.gaussianRgb(dir.resolve("a.png"), 60, 40, 3);

        // the launcher says whether stderr is a terminal; --verbose redraws the line after each iteration
        Cli.Run run = Forked.run(List.of("-Dgmmseg.stderr.tty=true"), null, "segment", image, "-k", 3, "-o",
                dir.resolve("out"), "--verbose");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("\ra.png: reading"), run::toString);
        assertTrue(run.err().contains("\ra.png: EM iteration 1/100, mean log-likelihood "), run::toString);
        assertTrue(run.err().contains("\ra.png: iteration 2: mean log-likelihood "), run::toString); // above the line
    }
}
