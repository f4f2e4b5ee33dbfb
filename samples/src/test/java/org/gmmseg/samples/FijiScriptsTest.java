package org.gmmseg.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;

import ij.IJ;
import ij.ImagePlus;

import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Fiji scripts in {@code scripts/} for real, with the Groovy and Jython JSR-223 engines,
 * against ImageJ 1.x and gmmseg, binding the variables Fiji would bind from their {@code #@}
 * parameters.
 */
class FijiScriptsTest {
    private static final Path SCRIPTS = Path.of("scripts");
    private static final Path DATA = Path.of("data");

    /**
     * Evaluates a script as Fiji does: SciJava removes the {@code #@} parameter lines before the
     * engine sees the script (they are not Groovy syntax) and binds the inputs as variables.
     */
    private static String run(String engineName, Path script, Map<String, Object> inputs)
            throws IOException, ScriptException {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName(engineName);
        assertNotNull(engine, "no " + engineName + " script engine on the test class path");
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        inputs.forEach(engine::put);
        String source = Files.readAllLines(script).stream()
                .map(line -> line.startsWith("#@") ? "" : line)
                .collect(Collectors.joining("\n", "", "\n"));
        engine.eval(source);
        return out.toString();
    }

    private static void assertLabels(Path file, int width, int height, int k) {
        ImagePlus labels = IJ.openImage(file.toString());
        assertNotNull(labels, "cannot open " + file);
        assertEquals(8, labels.getBitDepth());
        assertEquals(width, labels.getWidth());
        assertEquals(height, labels.getHeight());
        int[] seen = new int[k + 1];
        for (int i = 0; i < width * height; i++) {
            int v = labels.getProcessor().get(i);
            assertTrue(v >= 1 && v <= k, "label " + v + " outside 1.." + k);
            seen[v]++;
        }
        for (int c = 1; c <= k; c++) {
            assertTrue(seen[c] > 0, "label " + c + " is used");
        }
    }

    @Test
    void groovyScriptSegmentsOneImage(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("balloon-labels.tif");
        String printed = run("groovy", SCRIPTS.resolve("segment_image.groovy"), Map.of(
                "input", DATA.resolve("skimagetut_balloon.jpg").toFile(),
                "output", output.toFile(),
                "components", 3,
                "features", "lab",
                "seed", 1L));
        assertTrue(printed.contains("3 components on [L, a, b]"), printed);
        assertLabels(output, 225, 300, 3);
        SegmentationModel model = SegmentationModel.load(dir.resolve("balloon-labels.json"));
        assertEquals("lab", model.features().name());
    }

    @Test
    void jythonScriptFitsOneModelOnAFolder(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(DATA.resolve("skimagetut_balloon.jpg"), in.resolve("balloon.jpg"));
        Files.copy(DATA.resolve("skimagetut_mm.jpg"), in.resolve("mm.jpg"));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("out");
        String printed = run("python", SCRIPTS.resolve("segment_folder.py"), Map.of(
                "input_dir", in.toFile(),
                "output_dir", out.toFile(),
                "components", 4,
                "features", "lab"));
        assertTrue(printed.contains("shared model: 4 components"), printed);
        assertLabels(out.resolve("balloon-labels.tif"), 225, 300, 4);
        ImagePlus mm = IJ.openImage(out.resolve("mm-labels.tif").toString());
        assertEquals(500, mm.getWidth());
        assertEquals(4, SegmentationModel.load(out.resolve("model.json")).components());
        assertEquals(List.of("balloon-labels.tif", "mm-labels.tif", "model.json"),
                Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(new File(out.toFile(), "model.json").length() > 0);
    }
}
