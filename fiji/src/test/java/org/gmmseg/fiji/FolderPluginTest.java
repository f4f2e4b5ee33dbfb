package org.gmmseg.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "GMM Segmentation (folder)" through IJ.run, headless: the command line's outputs and report. */
class FolderPluginTest {
    private static final String FOLDER = "GMM Segmentation (folder)";

    @BeforeEach
    void setUp() {
        HeadlessImageJ.setUp();
    }

    private static Path images(Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        assertTrue(new FileSaver(TestImagePlus.gray8("a", 1)).saveAsPng(in.resolve("a.png").toString()));
        assertTrue(new FileSaver(TestImagePlus.gray8("b", 2)).saveAsPng(in.resolve("b.png").toString()));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        return in;
    }

    private static List<String> names(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void oneModelPerImageWritesTheCommandLinesOutputsAndResumes(@TempDir Path dir) throws Exception {
        Path in = images(dir);
        Path out = dir.resolve("out");
        String options = "input=[" + in + "] output=[" + out + "] components=3 seed=1 overlay";
        String log = HeadlessImageJ.capture(() -> IJ.run(FOLDER, options));
        assertTrue(log.strip().endsWith("GMM Segmentation (folder): 2 images: 2 processed, 0 skipped, 0 failed; report "
                + out.resolve("report.csv")), log);
        assertEquals(List.of("a_labels.png", "a_model.json", "a_overlay.png", "b_labels.png", "b_model.json",
                "b_overlay.png", "report.csv"), names(out));
        ImagePlus labels = IJ.openImage(out.resolve("a_labels.png").toString());
        for (int x = 0; x < TestImagePlus.W; x++) {
            assertEquals(TestImagePlus.band(x) + 1, labels.getProcessor().get(x, 0));
        }
        List<String> report = Files.readAllLines(out.resolve("report.csv"));
        assertEquals(3, report.size(), report.toString());
        assertTrue(report.get(0).startsWith("input,output,components"), report.get(0));

        String again = HeadlessImageJ.capture(() -> IJ.run(FOLDER, options));
        assertTrue(again.contains("2 images: 0 processed, 2 skipped, 0 failed"), again);
        String other = HeadlessImageJ.capture(() -> IJ.run(FOLDER, options.replace("components=3", "components=2")));
        assertTrue(other.startsWith("GMM Segmentation (folder): "), other);
        assertEquals(1, other.strip().lines().count(), "other settings on a done folder: one line");
    }

    @Test
    void aSharedModelIsFittedOnEveryImage(@TempDir Path dir) throws Exception {
        Path in = images(dir);
        Path out = dir.resolve("out");
        String log = HeadlessImageJ.capture(() -> IJ.runMacro("run('GMM Segmentation (folder)', 'input=[" + in
                + "] output=[" + out + "] models=shared components=3 seed=1');"));
        assertTrue(log.contains("shared model " + out.resolve("model.json") + ": K=3 full"), log);
        assertTrue(log.contains("2 images: 2 processed"), log);
        assertEquals(List.of("a_labels.png", "b_labels.png", "model.json", "report.csv"), names(out));
        assertEquals(3, SegmentationModel.load(out.resolve("model.json")).components());
    }

    @Test
    void macroOptionsRoundTripAndMissingFoldersAreReported() {
        FolderParameters p = FolderParameters.fromMacroOptions("input=[/a b] output=/c models=shared components=2..4 "
                + "features=lab probabilities");
        assertTrue(p.shared());
        assertEquals(FolderParameters.POOLED_MAX_SAMPLES, p.fit().maxSamples(), "the command line's pooled default");
        assertEquals(p, FolderParameters.fromMacroOptions(p.toMacroOptions()));
        assertEquals(0, FolderParameters.fromMacroOptions("input=/a output=/c").fit().maxSamples());
        String log = HeadlessImageJ.capture(() -> IJ.run(FOLDER, "output=/tmp/x"));
        assertEquals("GMM Segmentation (folder): no input folder given (input=/path/to/images)", log.strip());
        assertFalse(log.contains("Exception"));
    }
}
