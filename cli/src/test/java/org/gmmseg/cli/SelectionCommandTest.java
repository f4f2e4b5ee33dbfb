package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.gmmseg.core.io.FeatureTables;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing K and the covariance type from the command line: fit, segment, info and apply. */
class SelectionCommandTest {
    @TempDir
    Path dir;

    private static SelectionTable selection(Path model) throws IOException {
        SelectionTable table = SelectionTable.fromDocument(ModelFile.read(model), model.toString());
        assertNotNull(table, "the model has a selection block");
        return table;
    }

    /** Four well separated clusters in 2-D (centres 10 apart, unit noise). */
    private Path fourClusters() throws IOException {
        return Cli.mixtureCsv(dir.resolve("four.csv"), 800, 4, 2, 21);
    }

    @Test
    void fitWithARangeChoosesTheTrueKAndWritesTheSelectionBlock() throws IOException {
        Path table = fourClusters();
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", table, "--components", "1..6", "-m", model, "--seed", 3);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);

        ModelFile.Document doc = ModelFile.read(model);
        assertEquals(4, doc.model().components());
        SelectionTable t = selection(model);
        assertEquals(Criterion.BIC, t.criterion());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), t.rows().stream().map(SelectionTable.Row::components).toList());
        assertEquals(3, t.chosen());
        assertEquals(List.of("selection"), List.copyOf(doc.extensions().keySet()));

        // the chosen BIC is GaussianMixture.bic of the saved model on the table, and the fit block's
        Samples samples = FeatureTables.read(table);
        double bic = doc.model().bic(samples);
        assertEquals(bic, t.chosenRow().bic(), 1e-9 * Math.abs(bic));
        assertEquals(doc.fit().bic(), t.chosenRow().bic(), 0);
        // every candidate's BIC is that of the plain fit with its K (same options and seed)
        for (SelectionTable.Row row : t.rows()) {
            assertEquals("ok", row.status(), row::toString);
            Path single = dir.resolve("k" + row.components() + ".json");
            assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", row.components(), "-m", single, "--seed", 3).exitCode());
            GaussianMixture fitted = ModelFile.read(single).model();
            assertEquals(fitted.bic(samples), row.bic(), 1e-9 * Math.abs(row.bic()), row::toString);
            assertEquals(fitted.aic(samples), row.aic(), 1e-9 * Math.abs(row.aic()), row::toString);
            assertTrue(row.icl() >= row.bic() - 1e-9 * Math.abs(row.bic()), "ICL >= BIC: " + row);
            assertNull(SelectionTable.fromDocument(ModelFile.read(single), "k.json"), "a single K has no selection");
        }

        // stdout: the summary of the chosen model, then the table with the chosen row marked
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.contains("components           4"), run::toString);
        assertTrue(lines.contains("selected             K=4 full, lowest bic of 6 candidates"), run::toString);
        int header = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("K  covariance")).findFirst()
                .orElseThrow(() -> new AssertionError(run)));
        assertTrue(lines.get(header).matches(
                "\\s+K\\s+covariance\\s+status\\s+log-likelihood\\s+bic\\s+aic\\s+icl\\s+iterations\\s+note"), run::toString);
        List<String> rows = lines.subList(header + 1, lines.size());
        assertEquals(6, rows.size(), run::toString);
        assertEquals(1, rows.stream().filter(l -> l.startsWith("*")).count(), run::toString);
        assertTrue(rows.get(3).matches("\\*\\s+4\\s+full\\s+ok\\s.*"), run::toString);
    }

    @Test
    void iclAndTwoCovarianceTypesGiveATableOfBoth() throws IOException {
        Path table = fourClusters();
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", table, "-k", "2..5", "--covariance", "full,diag", "--select", "icl", "-m", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        SelectionTable t = selection(model);
        assertEquals(Criterion.ICL, t.criterion());
        assertEquals(8, t.rows().size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i % 2 == 0 ? CovarianceType.FULL : CovarianceType.DIAG, t.rows().get(i).covarianceType());
            assertTrue(t.rows().get(i).icl() >= t.chosenRow().icl(), "the chosen row has the lowest ICL");
        }
        assertEquals(4, t.chosenRow().components());
        assertEquals(t.chosenRow().covarianceType(), ModelFile.read(model).model().covarianceType());
        assertTrue(run.out().contains("lowest icl of 8 candidates"), run::toString);
        assertEquals(4, run.out().lines().filter(l -> l.matches("[* ]\\s+\\d\\s+diag\\s+ok.*")).count(), run::toString);
        assertEquals(4, run.out().lines().filter(l -> l.matches("[* ]\\s+\\d\\s+full\\s+ok.*")).count(), run::toString);
    }

    @Test
    void plotsAreWrittenAsSvgAndPngAndInfoPrintsAndRedrawsThem() throws IOException {
        Path table = fourClusters();
        Path model = dir.resolve("m.json");
        Path svg = dir.resolve("plots/x.svg");
        Cli.Run run = Cli.run("fit", table, "-k", "1..5", "-m", model, "--plot", svg);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(Files.readString(svg).contains("<svg"), "an SVG file");
        assertTrue(run.out().contains("plot                 " + svg), run::toString);
        Path png = dir.resolve("x.png");
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", "1..5", "-m", dir.resolve("n.json"), "--plot", png)
                .exitCode());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG that ImageIO reads");
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);

        Cli.Run info = Cli.run("info", model);
        assertEquals(ExitCodes.OK, info.exitCode(), info::toString);
        assertTrue(info.out().contains("\nselection  K=4 full, lowest bic of 5 candidates\n"), info::toString);
        List<String> marked = info.out().lines().filter(l -> l.startsWith("  *")).toList();
        assertEquals(1, marked.size(), info::toString);
        assertTrue(marked.get(0).matches("  \\*\\s+4\\s+full\\s+ok\\s.*"), info::toString);
        assertEquals(5, info.out().lines().filter(l -> l.matches("  [* ]\\s+\\d\\s+full\\s+ok\\s.*")).count(),
                info::toString);
        assertTrue(info.out().contains("extensions  selection"), info::toString);

        Path again = dir.resolve("again.svg");
        Cli.Run redraw = Cli.run("info", model, "--plot", again);
        assertEquals(ExitCodes.OK, redraw.exitCode(), redraw::toString);
        assertEquals(Files.readString(svg), Files.readString(again), "the same table gives the same plot");
    }

    @Test
    void infoRefusesAMalformedSelectionBlockNamingTheFileAndKey() throws IOException {
        Path model = dir.resolve("m.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", fourClusters(), "-k", "3..5", "-m", model).exitCode());
        String json = Files.readString(model);
        int selection = json.indexOf("\"selection\"");
        Path broken = Files.writeString(dir.resolve("broken.json"), json.substring(0, selection)
                + json.substring(selection).replaceFirst("\"bic\": [-0-9.eE]+", "\"bic\": \"low\""));
        Cli.Run run = Cli.run("info", broken);
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("gmmseg info: " + broken + ": 'selection.candidates[0].bic' is 'low', expected a number or null",
                run.err().strip());

        Path plain = dir.resolve("plain.json");
        assertEquals(ExitCodes.OK, Cli.run("fit", fourClusters(), "-k", 4, "-m", plain).exitCode());
        CommandLineTest.assertUsageError(Cli.run("info", plain, "--plot", dir.resolve("p.svg")),
                "has no 'selection' block");
    }

    @Test
    void largerKsSkippedForLackOfDistinctSamplesAreNotCountedNorSuggested() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 45; i++) {
            csv.append(new String[] {"0,0", "5,5", "10,0"}[i % 3]).append('\n'); // three distinct rows
        }
        Path table = Files.writeString(dir.resolve("three.csv"), csv);
        Path model = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", table, "-k", "1..5", "-m", model);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(List.of("ok", "ok", "ok", "skipped", "skipped"),
                selection(model).rows().stream().map(SelectionTable.Row::status).toList());
        String choice = "K=3 full, lowest bic of 3 fitted candidates (2 of 5 not fitted)";
        assertTrue(run.out().lines().toList().contains("selected             " + choice), run::toString);
        assertTrue(run.err().contains("note: K=4 skipped: only 3 distinct samples\n"), run::toString);
        assertFalse(run.err().contains("larger K"), run::toString);

        Cli.Run info = Cli.run("info", model);
        assertEquals(ExitCodes.OK, info.exitCode(), info::toString);
        assertTrue(info.out().contains("\nselection  " + choice + "\n"), info::toString);
        assertFalse(info.out().contains("larger K"), info::toString);
    }

    @Test
    void nothingFittableFailsWithTheReasons() throws IOException {
        Path table = Files.writeString(dir.resolve("same.csv"), "a,b\n1,2\n1,2\n1,2\n");
        Cli.Run run = Cli.run("fit", table, "-k", "2..3", "-m", dir.resolve("m.json"));
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("gmmseg fit: no candidate could be fitted: K=2 skipped: only 1 distinct sample; K=3 skipped: only 1 "
                + "distinct sample", run.err().strip());
        assertFalse(Files.exists(dir.resolve("m.json")));
    }

    @Test
    void usageErrors() throws IOException {
        Path table = fourClusters();
        Path m = dir.resolve("m.json");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "5..2", "-m", m), "--components: empty range '5..2'");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "0", "-m", m),
                "--components: the number of components must be at least 1, got 0");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "2..4", "--covariance", "full,round", "-m", m),
                "--covariance: unknown covariance type 'round'");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "2..4", "--select", "best", "-m", m),
                "unknown criterion 'best'");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", 3, "--plot", dir.resolve("p.svg"), "-m", m),
                "--plot draws a model selection");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "2..4", "--plot", dir.resolve("p.pdf"), "-m", m),
                "must end in .svg or .png");
        assertEquals(ExitCodes.OK, Cli.run("fit", table, "-k", 3, "-m", m).exitCode());
        CommandLineTest.assertUsageError(Cli.run("fit", table, "-k", "2..4", "--init-model", m, "-m",
                dir.resolve("n.json")), "--init-model fixes K, so it cannot be combined with several --components (2..4)");
        CommandLineTest.assertUsageError(Cli.run("fit", table, "--covariance", "all", "--init-model", m, "-m",
                dir.resolve("n.json")), "--init-model fixes the covariance type");
        Path image = Images.gaussianRgb(dir.resolve("a.png"), 30, 20, 1);
        CommandLineTest.assertUsageError(Cli.run("segment", image, "-k", "2..3", "--plot", "pdf", "-o", dir.resolve("o")),
                "--plot takes the format of the plots, svg or png, not 'pdf'");
        CommandLineTest.assertUsageError(Cli.run("segment", image, "-k", "3", "--plot", "svg", "-o", dir.resolve("o")),
                "--plot draws a model selection");
        CommandLineTest.assertUsageError(Cli.run("segment", image, "-k", "2..70000", "-o", dir.resolve("o")),
                "more than 1000 numbers of components");
    }

    @Test
    void selectWithOneCandidateWarnsAndFitsAsBefore() throws IOException {
        Path m = dir.resolve("m.json");
        Cli.Run run = Cli.run("fit", fourClusters(), "-k", 4, "--select", "aic", "-m", m);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("warning: --select aic has no effect with one number of components"),
                run::toString);
        assertTrue(ModelFile.read(m).extensions().isEmpty());
        assertFalse(run.out().contains("selected"), run::toString);
    }

    @Test
    void segmentWithARangeChoosesKPerImageAndReportsIt() throws IOException {
        Path in = dir.resolve("in");
        Images.gaussianRgb(in.resolve("a.png"), 60, 40, 1);
        Images.colours(in.resolve("b.png"), 30, 20, 0x000000, 0xffffff); // two colours: K stops at 2
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", in, "--components", "2..5", "--plot", "svg", "-o", out, "--seed", 1);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);

        assertEquals(List.of("a_labels.png", "a_model.json", "a_selection.svg", "b_labels.png", "b_model.json",
                "b_selection.svg", "report.csv"), Images.tree(out));
        List<String> report = Images.report(out);
        assertEquals("3", report.get(1).split(",", -1)[2], report::toString);
        assertEquals("2", report.get(2).split(",", -1)[2], report::toString);
        assertEquals("ok", report.get(2).split(",", -1)[6], report::toString);

        SegmentationModel a = SegmentationModel.load(out.resolve("a_model.json"));
        assertEquals(3, a.components());
        assertEquals(4, a.selection().rows().size());
        int[] labels = Images.samples(out.resolve("a_labels.png"));
        assertEquals(1, labels[20 * 60 + 5]);
        assertEquals(2, labels[20 * 60 + 30]);
        assertEquals(3, labels[20 * 60 + 55]);
        SegmentationModel b = SegmentationModel.load(out.resolve("b_model.json"));
        assertEquals(List.of("ok", "skipped", "skipped", "skipped"),
                b.selection().rows().stream().map(SelectionTable.Row::status).toList());

        // stdout stays a short summary; the notes of the range that stopped go to stderr
        assertEquals(List.of("images     2", "processed  2", "skipped    0", "failed     0",
                "selection  bic over 4 candidates", "output     " + out, "report     " + out.resolve("report.csv")),
                run.out().lines().toList());
        assertTrue(run.err().contains("note: " + in.resolve("b.png") + ": K=3 skipped: only 2 distinct samples\n"),
                run::toString);
    }

    @Test
    void sharedModelWithARangeWritesOneSelectionAndPlot() throws IOException {
        Path in = dir.resolve("in");
        Images.gaussianRgb(in.resolve("a.png"), 45, 30, 2);
        Images.gaussianRgb(in.resolve("b.png"), 45, 30, 3);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", in, "-k", "2..4", "--shared-model", "--plot", "png", "-o", out);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(List.of("a_labels.png", "b_labels.png", "model.json", "model_selection.png", "report.csv"),
                Images.tree(out));
        assertNotNull(ImageIO.read(out.resolve("model_selection.png").toFile()));
        SegmentationModel model = SegmentationModel.load(out.resolve("model.json"));
        assertEquals(3, model.components());
        assertTrue(run.out().contains("selected   K=3 full, lowest bic of 3 candidates\n"), run::toString);
        for (String row : Images.report(out).subList(1, 3)) {
            assertEquals("3", row.split(",", -1)[2], row);
        }

        // resuming with the same range reuses the model; another range is refused
        Images.gaussianRgb(in.resolve("c.png"), 45, 30, 4);
        Cli.Run again = Cli.run("segment", in, "-k", "2..4", "--shared-model", "-o", out);
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("using the shared model " + out.resolve("model.json")), again::toString);
        Images.gaussianRgb(in.resolve("d.png"), 45, 30, 5);
        Cli.Run other = Cli.run("segment", in, "-k", "2..5", "--shared-model", "-o", out);
        CommandLineTest.assertUsageError(other, "holds the outputs of an earlier run with other options for 3 images");
        assertTrue(other.err().contains("--components 2,3,4, not 2,3,4,5;"), other::toString);
    }
}
