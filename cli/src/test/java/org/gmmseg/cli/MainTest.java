package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gmmseg.core.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, through {@link Main}'s own wiring to System.out and System.err. */
class MainTest {
    /** The sample table, relative to the module folder surefire runs in. */
    static final Path SAMPLE = Path.of("..", "samples", "tables", "mixture.csv");
    /** The same table as a NumPy file. */
    static final Path SAMPLE_NPY = Path.of("..", "samples", "tables", "mixture.npy");

    @TempDir
    Path dir;

    @Test
    void quickStartFitThenInfo() throws Exception {
        assertTrue(Files.isRegularFile(SAMPLE), SAMPLE.toAbsolutePath().toString());
        Path model = dir.resolve("out/mixture-model.json");

        Captured fit = capture("fit", SAMPLE.toString(), "--components", "3", "--model", model.toString());
        assertEquals(ExitCodes.OK, fit.exitCode, fit.err);
        assertTrue(fit.out.contains("components           3"), fit.out);
        assertTrue(fit.out.contains("samples              600"), fit.out);
        assertTrue(fit.out.contains("converged            true"), fit.out);

        Captured info = capture("info", model.toString());
        assertEquals(ExitCodes.OK, info.exitCode, info.err);
        assertTrue(info.out.contains("components  3"), info.out);
        // the sample's heaviest component has weight 0.5 and mean (0, 0)
        assertTrue(info.out.lines().anyMatch(l -> l.matches("\\d\\s+0\\.[45]\\d*\\s+-?0\\.\\d+\\s+-?0\\.\\d+")), info.out);
    }

    @Test
    void sampleNpyHoldsTheSampleCsvsRows() throws Exception {
        Path fromCsv = dir.resolve("csv.json");
        Path fromNpy = dir.resolve("npy.json");
        Captured csv = capture("fit", SAMPLE.toString(), "--components", "3", "--model", fromCsv.toString());
        Captured npy = capture("fit", SAMPLE_NPY.toString(), "--components", "3", "--model", fromNpy.toString());
        assertEquals(ExitCodes.OK, csv.exitCode, csv.err);
        assertEquals(ExitCodes.OK, npy.exitCode, npy.err);
        // the same values in the same order give the same model, bit for bit
        assertEquals(ModelFile.read(fromCsv).model(), ModelFile.read(fromNpy).model());
    }

    private record Captured(int exitCode, String out, String err) {
    }

    private static Captured capture(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Charset charset = Charset.defaultCharset();
        try {
            System.setOut(new PrintStream(out, true, charset));
            System.setErr(new PrintStream(err, true, charset));
            int code = Main.execute(args);
            return new Captured(code, out.toString(charset), err.toString(charset));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
